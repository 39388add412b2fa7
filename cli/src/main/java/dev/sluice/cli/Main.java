package dev.sluice.cli;

import dev.sluice.platform.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} command: wires the platform and the applications; logic lives in the modules. */
@Command(
        name = "sluice",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Resilient event-driven pipelines on Apache Kafka and Apache Flink.",
        subcommands = {
            UpCommand.class,
            dev.sluice.cli.answers.AnswersDemoCommand.class,
            DelayDemoCommand.class,
            dev.sluice.cli.orders.OrdersCommand.class,
            dev.sluice.cli.answers.AnswersCommand.class,
            ScoreCommand.class,
            BenchCommand.class,
            dev.sluice.cli.report.ReportCommand.class,
            ConfigCommand.class,
            dev.sluice.cli.cluster.ClusterCommand.class,
            dev.sluice.cli.chaos.ChaosCommand.class,
            dev.sluice.cli.infra.InfraCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
                cmd.getErr().println(cmd.getColorScheme().errorText("sluice: " + e.getMessage()));
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"sluice " + (v == null ? "dev" : v)};
        }
    }
}
