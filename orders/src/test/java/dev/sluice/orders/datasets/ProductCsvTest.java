package dev.sluice.orders.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ProductCsvTest {
    /** The shared Steam catalogue, read where it lives (never copied into the project). */
    private static final Path STEAM =
            Path.of(System.getProperty("sluice.products.csv", "../../shared/data/products/steamgames.csv"));

    private static ProductCsv.Result read(String csv) throws Exception {
        return ProductCsv.read(new StringReader(csv), "test", BigDecimal.valueOf(950));
    }

    @Test
    void shouldConvertDollarsToWholePesos() throws Exception {
        ProductCsv.Result r = read("appid,name,price\n10,Counter-Strike,7.19\n20,Free Game,0\n");
        assertThat(r.catalogue().products())
                .containsExactly(new Product("Counter-Strike", 6_831), new Product("Free Game", 0));
        assertThat(r.skipped()).isZero();
    }

    @Test
    void shouldKeepQuotedCommasQuotesAndAccents() throws Exception {
        ProductCsv.Result r = read(
                "appid,name,price\n4570,\"Warhammer® 40,000: Dawn of War®\",9.99\n1,\"The \"\"Quoted\"\" Café\",1\n");
        assertThat(r.catalogue().products())
                .extracting(Product::nombre)
                .containsExactly("Warhammer® 40,000: Dawn of War®", "The \"Quoted\" Café");
    }

    @Test
    void shouldSkipAndCountRowsThatCannotBeOrders() throws Exception {
        ProductCsv.Result r = read(
                "appid,name,price\n1,,3.00\n2,No price,\n3,Bad price,abc\n4,Negative,-1\n5,Good,1.00\n6,Short row\n");
        assertThat(r.catalogue().products()).containsExactly(new Product("Good", 950));
        assertThat(r.skipped()).isEqualTo(5);
        assertThat(r.firstProblems()).hasSize(5).anySatisfy(p -> assertThat(p).contains("not a number"));
    }

    @Test
    void shouldReadABomCrlfAndPesoColumnsInAnyCase() throws Exception {
        ProductCsv.Result r = read("\uFEFFNombre,Precio\r\nMacbook air M1,759000\r\n\r\nMouse,4990\r\n");
        assertThat(r.catalogue().products())
                .containsExactly(new Product("Macbook air M1", 759_000), new Product("Mouse", 4_990));
    }

    /** An order refuses control characters in nombre, so a name keeps its text without them rather than be skipped. */
    @Test
    void shouldDropControlCharactersAnOrderWouldRefuse() throws Exception {
        ProductCsv.Result r = read("appid,name,price\n"
                + "250720,Starlight Inception\u2122\u0099,6.99\n"
                + "2,\"Two\r\nLines\tand a tab\",1\n"
                + "3,\u0000\u0001,1\n");
        assertThat(r.catalogue().products())
                .extracting(Product::nombre)
                .containsExactly("Starlight Inception\u2122", "Two Lines and a tab");
        assertThat(r.skipped()).as("a name of control characters only is empty").isEqualTo(1);
        assertThat(r.catalogue().products())
                .allSatisfy(p -> assertThat(dev.sluice.orders.OrderFields.nombreProblem(p.nombre()))
                        .isEmpty());
    }

    @Test
    void shouldCutNamesLongerThanAnOrderAccepts() throws Exception {
        ProductCsv.Result r = read("name,price\n" + "x".repeat(300) + ",1\n");
        assertThat(r.catalogue().get(0).nombre()).hasSize(200);
    }

    @Test
    void shouldNameTheMissingColumns() {
        assertThatThrownBy(() -> read("id,title,cost\n1,a,2\n"))
                .hasMessageContaining("name (or nombre) and price (or precio)");
        assertThatThrownBy(() -> read("name,price\n,1\n")).hasMessageContaining("no usable rows");
        assertThatThrownBy(() -> ProductCsv.read(Path.of("/nonexistent.csv"), BigDecimal.ONE))
                .hasMessageContaining("does not exist");
    }

    @Test
    void shouldLoadTheSharedSteamCatalogue() throws Exception {
        Assumptions.assumeTrue(
                Files.isRegularFile(STEAM), "the shared products file is not at " + STEAM.toAbsolutePath());
        ProductCsv.Result r = ProductCsv.read(STEAM, ProductCsv.DEFAULT_PESOS_PER_DOLLAR);
        assertThat(r.catalogue().name()).isEqualTo("steamgames");
        assertThat(r.catalogue().size()).isEqualTo(27_075);
        assertThat(r.skipped()).isZero();
        assertThat(r.catalogue().get(0)).isEqualTo(new Product("Counter-Strike", 6_831));
        assertThat(Datasets.load(STEAM.toString(), 0, 0).size()).isEqualTo(27_075);
    }

    @Test
    void shouldRefuseAnUnknownDatasetName() {
        assertThatThrownBy(() -> Datasets.load("toys", 10, 1))
                .hasMessageContaining("generated, electronics, groceries");
    }
}
