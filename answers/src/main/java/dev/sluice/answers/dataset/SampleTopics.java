package dev.sluice.answers.dataset;

import java.util.List;

/**
 * The word lists the sample dataset is generated from, written for this project (no third-party
 * text). One entry per Kaggle class, in class order 1-10.
 */
final class SampleTopics {
    record Topic(String name, List<String> subjects, List<String> facts, List<String> tips) {}

    private SampleTopics() {}

    static final List<String> QUESTIONS = List.of(
            "How does %s work?",
            "What should a beginner know about %s?",
            "Why do people argue about %s?",
            "Where can I learn more about %s?");

    static final List<Topic> ALL = List.of(
            new Topic(
                    "Society & Culture",
                    List.of(
                            "wedding traditions",
                            "table manners",
                            "folk music",
                            "national holidays",
                            "tea ceremonies",
                            "family names",
                            "street festivals",
                            "gift giving",
                            "proverbs",
                            "traditional dress"),
                    List.of(
                            "it changes from region to region",
                            "it grew out of older customs",
                            "it tells newcomers how to show respect",
                            "it mixes religious and local habits"),
                    List.of(
                            "ask an older relative",
                            "visit a local museum",
                            "read a history of the region",
                            "watch how people around you do it")),
            new Topic(
                    "Science & Mathematics",
                    List.of(
                            "rainbows",
                            "ocean tides",
                            "prime numbers",
                            "photosynthesis",
                            "black holes",
                            "static electricity",
                            "probability",
                            "volcanoes",
                            "magnets",
                            "the speed of light"),
                    List.of(
                            "it follows from a few simple laws",
                            "it was measured long before it was explained",
                            "it depends on energy moving from one place to another",
                            "it can be shown with a small experiment"),
                    List.of(
                            "draw a diagram",
                            "try the experiment at home",
                            "start from the definition",
                            "check a textbook chapter on it")),
            new Topic(
                    "Health",
                    List.of(
                            "getting enough sleep",
                            "drinking water",
                            "seasonal allergies",
                            "back pain",
                            "healthy breakfasts",
                            "walking every day",
                            "sunburn",
                            "stress at work",
                            "vitamin D",
                            "common colds"),
                    List.of(
                            "small daily habits matter more than big changes",
                            "everyone's body reacts a little differently",
                            "rest and patience usually help",
                            "a doctor can rule out anything serious"),
                    List.of(
                            "keep a simple diary",
                            "talk to your doctor",
                            "change one habit at a time",
                            "drink water and rest")),
            new Topic(
                    "Education & Reference",
                    List.of(
                            "learning a second language",
                            "writing an essay",
                            "studying for exams",
                            "taking notes",
                            "citing sources",
                            "speed reading",
                            "learning to spell",
                            "public libraries",
                            "online courses",
                            "memorising vocabulary"),
                    List.of(
                            "regular short practice beats long sessions",
                            "it gets easier once you have a routine",
                            "teachers judge clarity more than length",
                            "the basics carry most of the weight"),
                    List.of(
                            "make a weekly plan",
                            "ask a librarian",
                            "practise with a friend",
                            "review your notes every evening")),
            new Topic(
                    "Computers & Internet",
                    List.of(
                            "password managers",
                            "home wifi",
                            "backing up photos",
                            "slow laptops",
                            "spam email",
                            "spreadsheets",
                            "browser tabs",
                            "computer viruses",
                            "cloud storage",
                            "keyboard shortcuts"),
                    List.of(
                            "most problems come from settings, not hardware",
                            "updates fix more than they break",
                            "it is safer with two-factor login",
                            "a restart clears many temporary faults"),
                    List.of(
                            "install the latest updates",
                            "keep a second copy of your files",
                            "read the help pages",
                            "restart the router")),
            new Topic(
                    "Sports",
                    List.of(
                            "marathon training",
                            "the offside rule",
                            "swimming technique",
                            "tennis serves",
                            "cycling uphill",
                            "stretching",
                            "team captains",
                            "basketball free throws",
                            "chess openings",
                            "rock climbing"),
                    List.of(
                            "technique matters more than strength at first",
                            "coaches disagree on the details",
                            "it takes weeks of steady practice",
                            "the rules changed a few times over the years"),
                    List.of(
                            "join a local club",
                            "film yourself and compare",
                            "warm up first",
                            "practise a little every day")),
            new Topic(
                    "Business & Finance",
                    List.of(
                            "saving for retirement",
                            "credit scores",
                            "starting a small shop",
                            "paying off debt",
                            "household budgets",
                            "index funds",
                            "asking for a raise",
                            "sales tax",
                            "invoices",
                            "insurance"),
                    List.of(
                            "compound interest does most of the work",
                            "fees eat into returns over time",
                            "written records save trouble later",
                            "a plan beats guessing"),
                    List.of(
                            "write down every expense",
                            "compare the fees",
                            "speak to an adviser",
                            "start small and stay regular")),
            new Topic(
                    "Entertainment & Music",
                    List.of(
                            "learning guitar",
                            "film soundtracks",
                            "stand-up comedy",
                            "board games",
                            "jazz",
                            "movie sequels",
                            "writing song lyrics",
                            "video game music",
                            "karaoke",
                            "classic cartoons"),
                    List.of(
                            "taste changes with every generation",
                            "the best examples borrow from older work",
                            "practice and timing are everything",
                            "fans argue about it endlessly"),
                    List.of(
                            "listen to the classics first",
                            "play along with recordings",
                            "go to a live show",
                            "ask friends for their favourites")),
            new Topic(
                    "Family & Relationships",
                    List.of(
                            "moving in together",
                            "sibling rivalry",
                            "long-distance friendships",
                            "meeting the in-laws",
                            "raising teenagers",
                            "planning a family holiday",
                            "making new friends",
                            "sharing chores",
                            "apologising",
                            "first dates"),
                    List.of(
                            "honest conversation solves most of it",
                            "both sides need to feel heard",
                            "small gestures count more than grand ones",
                            "patience matters more than being right"),
                    List.of(
                            "talk it through calmly",
                            "set clear expectations",
                            "spend time together",
                            "listen before you answer")),
            new Topic(
                    "Politics & Government",
                    List.of(
                            "local elections",
                            "jury duty",
                            "city budgets",
                            "voter registration",
                            "public transport funding",
                            "freedom of information requests",
                            "parliament",
                            "term limits",
                            "census forms",
                            "town hall meetings"),
                    List.of(
                            "the rules differ between countries",
                            "ordinary citizens have more say than they think",
                            "the details are written in public documents",
                            "it shapes everyday services"),
                    List.of(
                            "read the official website",
                            "call your local representative",
                            "attend a public meeting",
                            "compare several news sources")));
}
