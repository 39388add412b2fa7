package dev.sluice.orders.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generates product catalogues of any size that read like a Chilean shop's: names built from a
 * kind, brand/model and options ({@code "Notebook Lenovo IdeaPad 3 15.6\" Ryzen 5 16 GB 512 GB SSD"},
 * {@code "Arroz Grado 1 Tucapel 1 kg"}) and prices in whole pesos with retail endings ($12.990,
 * $1.290). Reproducible: the same flavour, size and seed give the same catalogue on any JVM
 * ({@link Random} is specified bit for bit). A catalogue larger than the number of name
 * combinations (about 1,700 electronics, 500 groceries) repeats names, always at the same price.
 */
public final class CatalogueGenerator {
    /** The two generated flavours; {@link #MIXED} interleaves them. */
    public enum Flavour {
        ELECTRONICS,
        GROCERIES,
        MIXED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A kind of product: its noun, the choices that make up a name, and its price range in pesos. */
    private record Kind(String noun, List<List<String>> parts, long minPrice, long maxPrice) {}

    private CatalogueGenerator() {}

    public static Catalogue generate(Flavour flavour, int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("catalogue size must be 1 or more, was " + size);
        }
        Random random = new Random(seed);
        List<Product> products = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            List<Kind> kinds = switch (flavour) {
                case ELECTRONICS -> ELECTRONICS;
                case GROCERIES -> GROCERIES;
                case MIXED -> i % 2 == 0 ? ELECTRONICS : GROCERIES;
            };
            products.add(product(kinds.get(random.nextInt(kinds.size())), random, seed));
        }
        return new Catalogue(flavour.wire(), products);
    }

    private static Product product(Kind kind, Random random, long seed) {
        StringBuilder name = new StringBuilder(kind.noun());
        for (List<String> choices : kind.parts()) {
            name.append(' ').append(choices.get(random.nextInt(choices.size())));
        }
        // The price follows from the name (String.hashCode is specified, so this is reproducible too):
        // a product drawn twice costs the same both times, as on a real shelf. Log-uniform in the
        // kind's range: cheap items are common, expensive ones rare.
        Random priced = new Random(seed * 31 + name.toString().hashCode());
        double lo = Math.log(kind.minPrice());
        double hi = Math.log(kind.maxPrice());
        long raw = Math.round(Math.exp(lo + priced.nextDouble() * (hi - lo)));
        return new Product(name.toString(), retailPrice(raw));
    }

    /** Rounds to a Chilean shelf price: $12.990 above ten thousand pesos, $1.290 below. */
    static long retailPrice(long pesos) {
        if (pesos >= 10_000) {
            return Math.max(9_990, (pesos / 1_000) * 1_000 - 10);
        }
        return Math.max(90, (pesos / 100) * 100 + 90);
    }

    private static List<String> l(String... values) {
        return List.of(values);
    }

    private static final List<Kind> ELECTRONICS = List.of(
            new Kind(
                    "Notebook",
                    List.of(
                            l(
                                    "Lenovo IdeaPad 3",
                                    "Lenovo ThinkPad E14",
                                    "HP Pavilion 15",
                                    "HP 250 G9",
                                    "Asus VivoBook 15",
                                    "Acer Aspire 5",
                                    "Dell Inspiron 15",
                                    "Apple MacBook Air M1",
                                    "Apple MacBook Air M2"),
                            l("13.3\"", "14\"", "15.6\""),
                            l("Intel Core i3", "Intel Core i5", "Intel Core i7", "Ryzen 5", "Ryzen 7"),
                            l("8 GB", "16 GB"),
                            l("256 GB SSD", "512 GB SSD", "1 TB SSD")),
                    299_990,
                    1_899_990),
            new Kind(
                    "Smartphone",
                    List.of(
                            l(
                                    "Samsung Galaxy A15",
                                    "Samsung Galaxy A35",
                                    "Samsung Galaxy S24",
                                    "Motorola Moto G54",
                                    "Motorola Edge 40",
                                    "Xiaomi Redmi Note 13",
                                    "Xiaomi Poco X6",
                                    "Apple iPhone 13",
                                    "Apple iPhone 15",
                                    "Honor X8b"),
                            l("128 GB", "256 GB"),
                            l("Negro", "Azul", "Blanco", "Verde", "Grafito")),
                    99_990,
                    1_299_990),
            new Kind(
                    "Smart TV",
                    List.of(
                            l("Samsung", "LG", "TCL", "Hisense", "Philips", "Xiaomi"),
                                    l("32\"", "43\"", "50\"", "55\"", "65\"", "75\""),
                            l("LED HD", "LED 4K UHD", "QLED 4K", "OLED 4K"),
                                    l("Google TV", "webOS", "Tizen", "Android TV")),
                    129_990,
                    2_499_990),
            new Kind(
                    "Audífonos",
                    List.of(
                            l(
                                    "Sony WH-1000XM5",
                                    "Sony WH-CH520",
                                    "JBL Tune 520BT",
                                    "JBL Tune 770NC",
                                    "Apple AirPods 3",
                                    "Samsung Galaxy Buds FE",
                                    "Xiaomi Redmi Buds 5",
                                    "Logitech G435"),
                            l("Bluetooth", "Inalámbricos", "Cancelación de Ruido"),
                            l("Negro", "Blanco", "Azul")),
                    12_990,
                    399_990),
            new Kind(
                    "Monitor",
                    List.of(
                            l("Samsung", "LG UltraGear", "AOC", "Asus TUF", "Dell", "Xiaomi"),
                                    l("24\"", "27\"", "32\""),
                            l("Full HD IPS", "QHD IPS", "4K UHD"), l("75 Hz", "144 Hz", "165 Hz")),
                    89_990,
                    699_990),
            new Kind(
                    "Mouse",
                    List.of(
                            l(
                                    "Logitech M170",
                                    "Logitech MX Master 3S",
                                    "Logitech G203",
                                    "Redragon Cobra",
                                    "Razer DeathAdder Essential",
                                    "Microsoft Bluetooth"),
                            l("Inalámbrico", "Gamer RGB", "Óptico USB")),
                    5_990,
                    109_990),
            new Kind(
                    "Tablet",
                    List.of(
                            l(
                                    "Samsung Galaxy Tab A9",
                                    "Samsung Galaxy Tab S9 FE",
                                    "Apple iPad 10.9\"",
                                    "Lenovo Tab M10",
                                    "Xiaomi Pad 6"),
                            l("64 GB", "128 GB", "256 GB"),
                            l("Wi-Fi", "Wi-Fi + 4G")),
                    129_990,
                    899_990),
            new Kind(
                    "Parlante",
                    List.of(
                            l(
                                    "JBL Flip 6",
                                    "JBL Charge 5",
                                    "JBL Go 3",
                                    "Sony SRS-XB100",
                                    "Ultimate Ears Boom 3",
                                    "Xiaomi Mi Portable"),
                            l("Bluetooth", "Portátil Resistente al Agua")),
                    19_990,
                    249_990),
            new Kind(
                    "Consola",
                    List.of(
                            l(
                                    "PlayStation 5 Slim",
                                    "Xbox Series S",
                                    "Xbox Series X",
                                    "Nintendo Switch OLED",
                                    "Nintendo Switch Lite"),
                            l("Edición Estándar", "Edición Digital", "+ 1 Juego")),
                    199_990,
                    749_990),
            new Kind(
                    "Smartwatch",
                    List.of(
                            l(
                                    "Apple Watch SE",
                                    "Samsung Galaxy Watch6",
                                    "Xiaomi Redmi Watch 4",
                                    "Huawei Watch Fit 3",
                                    "Amazfit Bip 5"),
                            l("40 mm", "44 mm"),
                            l("Negro", "Plata", "Rosado")),
                    39_990,
                    449_990));

    private static final List<Kind> GROCERIES = List.of(
            new Kind(
                    "Arroz",
                    List.of(
                            l("Grado 1", "Grado 2", "Integral", "Pregraneado"),
                            l("Tucapel", "Miraflores", "Banquete", "Acuenta"),
                            l("1 kg", "2 kg", "5 kg")),
                    990,
                    7_990),
            new Kind(
                    "Aceite",
                    List.of(
                            l("Maravilla", "Vegetal", "de Oliva Extra Virgen", "de Canola"),
                            l("Chef", "Belmont", "Natura", "Miraflores"),
                            l("900 ml", "1 L", "5 L")),
                    1_990,
                    19_990),
            new Kind(
                    "Leche",
                    List.of(
                            l("Entera", "Semidescremada", "Descremada", "Sin Lactosa"),
                            l("Colun", "Soprole", "Loncoleche", "Surlat"),
                            l("1 L", "Pack 6 x 1 L", "Pack 12 x 1 L")),
                    990,
                    14_990),
            new Kind(
                    "Detergente Líquido",
                    List.of(
                            l("Omo", "Ariel", "Drive", "Popeye"),
                            l("Matic", "Concentrado", "Ropa de Color"),
                            l("3 L", "5 L", "7.5 L")),
                    4_990,
                    24_990),
            new Kind(
                    "Papel Higiénico",
                    List.of(
                            l("Confort", "Noble", "Elite", "Favorita"),
                            l("Doble Hoja", "Triple Hoja", "Hoja Simple"),
                            l("4 Rollos", "12 Rollos", "24 Rollos", "32 Rollos")),
                    1_990,
                    17_990),
            new Kind(
                    "Café",
                    List.of(
                            l("Nescafé Tradición", "Nescafé Gold", "Café Haití", "Juan Valdez", "Cabrales"),
                            l("Instantáneo", "Molido", "en Grano"),
                            l("170 g", "250 g", "500 g")),
                    2_990,
                    14_990),
            new Kind(
                    "Lavalozas",
                    List.of(
                            l("Quix", "Sapolio", "Virginia", "Magistral"),
                            l("Limón", "Concentrado", "Aloe Vera"),
                            l("500 ml", "750 ml", "1.5 L")),
                    990,
                    5_990),
            new Kind(
                    "Fideos",
                    List.of(
                            l("Spaghetti 5", "Corbatas", "Espirales", "Tallarines 87"),
                            l("Carozzi", "Lucchetti", "Talliani", "Don Vittorio"),
                            l("400 g", "1 kg")),
                    690,
                    3_490),
            new Kind(
                    "Bebida",
                    List.of(
                            l("Coca-Cola", "Coca-Cola Sin Azúcar", "Fanta", "Sprite", "Pepsi", "Bilz"),
                            l("1.5 L", "2 L", "3 L", "Pack 6 x 350 ml")),
                    1_290,
                    6_990),
            new Kind(
                    "Shampoo",
                    List.of(
                            l("Head & Shoulders", "Pantene", "Sedal", "Elvive", "Ballerina"),
                            l("Control Caspa", "Restauración", "Hidratación"),
                            l("400 ml", "750 ml", "1 L")),
                    1_990,
                    9_990),
            new Kind(
                    "Yogurt",
                    List.of(
                            l("Batido", "Griego", "Protein", "con Cereal"),
                            l("Soprole", "Colun", "Nestlé", "Danone"),
                            l("120 g", "Pack 6 x 120 g", "1 kg")),
                    390,
                    5_990),
            new Kind(
                    "Cloro",
                    List.of(
                            l("Tradicional", "Gel", "Aroma Lavanda"),
                            l("Clorox", "Virginia", "Omo"),
                            l("1 L", "2 L", "4 L")),
                    990,
                    5_490));
}
