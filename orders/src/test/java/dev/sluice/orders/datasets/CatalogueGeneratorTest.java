package dev.sluice.orders.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.orders.datasets.CatalogueGenerator.Flavour;
import org.junit.jupiter.api.Test;

class CatalogueGeneratorTest {
    @Test
    void shouldGiveTheSameCatalogueForTheSameSeed() {
        assertThat(CatalogueGenerator.generate(Flavour.ELECTRONICS, 500, 42))
                .isEqualTo(CatalogueGenerator.generate(Flavour.ELECTRONICS, 500, 42));
        assertThat(CatalogueGenerator.generate(Flavour.GROCERIES, 500, 42).products())
                .isNotEqualTo(
                        CatalogueGenerator.generate(Flavour.GROCERIES, 500, 43).products());
    }

    @Test
    void shouldStayStableAcrossVersionsOfTheJvm() {
        // java.util.Random is specified bit for bit: a changed first product means the generator changed.
        Product first = CatalogueGenerator.generate(Flavour.ELECTRONICS, 1, 42)
                .products()
                .get(0);
        assertThat(first)
                .isEqualTo(CatalogueGenerator.generate(Flavour.ELECTRONICS, 10, 42)
                        .products()
                        .get(0));
        assertThat(first.nombre()).matches("\\S.*\\S");
    }

    @Test
    void shouldGenerateAnySizeWithShelfPrices() {
        Catalogue electronics = CatalogueGenerator.generate(Flavour.ELECTRONICS, 20_000, 7);
        Catalogue groceries = CatalogueGenerator.generate(Flavour.GROCERIES, 20_000, 7);
        assertThat(electronics.size()).isEqualTo(20_000);
        assertThat(electronics.products()).allSatisfy(p -> {
            assertThat(p.precio()).isBetween(5_000L, 2_500_000L);
            assertThat(p.precio() >= 10_000 ? p.precio() % 1_000 : p.precio() % 100 + 900)
                    .isEqualTo(990L);
        });
        assertThat(groceries.products()).allSatisfy(p -> {
            assertThat(p.precio()).isBetween(90L, 25_000L);
            assertThat(p.precio() % 100).isEqualTo(90L);
        });
        // Many distinct names, not a handful repeated; a repeated name always has the same price.
        assertThat(electronics.products().stream()
                        .map(Product::nombre)
                        .distinct()
                        .count())
                .isGreaterThan(1_500);
        assertThat(groceries.products().stream().map(Product::nombre).distinct().count())
                .isGreaterThan(400);
        assertThat(electronics.products().stream().distinct().count())
                .isEqualTo(electronics.products().stream()
                        .map(Product::nombre)
                        .distinct()
                        .count());
        assertThat(CatalogueGenerator.generate(Flavour.MIXED, 4, 1).products()).hasSize(4);
    }

    @Test
    void shouldRoundToChileanRetailEndings() {
        assertThat(CatalogueGenerator.retailPrice(759_432)).isEqualTo(758_990);
        assertThat(CatalogueGenerator.retailPrice(12_345)).isEqualTo(11_990);
        assertThat(CatalogueGenerator.retailPrice(1_234)).isEqualTo(1_290);
        assertThat(CatalogueGenerator.retailPrice(5)).isEqualTo(90);
    }

    @Test
    void shouldRefuseAnEmptyCatalogue() {
        assertThatThrownBy(() -> CatalogueGenerator.generate(Flavour.GROCERIES, 0, 1))
                .hasMessageContaining("1 or more");
    }

    @Test
    void shouldWrapAroundWhenMoreOrdersThanProducts() {
        Catalogue c = CatalogueGenerator.generate(Flavour.GROCERIES, 3, 1);
        assertThat(c.get(3)).isEqualTo(c.get(0));
        assertThat(c.get(-1)).isEqualTo(c.get(2));
    }
}
