package dev.sluice.cli.orders;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OrdersBenchCommandTest {
    private static final String SECTION = OrdersBenchCommand.START + "\nnew\n" + OrdersBenchCommand.END + "\n";

    @Test
    void shouldReplaceOnlyItsOwnSection() {
        String doc = "# Benchmarks\n\n<!-- bench:delay:start -->\ndelay\n<!-- bench:delay:end -->\n"
                + OrdersBenchCommand.START + "\nold\n" + OrdersBenchCommand.END
                + "\n<!-- bench:other:start -->\nother\n<!-- bench:other:end -->\n";
        assertThat(OrdersBenchCommand.replaceSection(doc, SECTION))
                .isEqualTo("# Benchmarks\n\n<!-- bench:delay:start -->\ndelay\n<!-- bench:delay:end -->\n" + SECTION
                        + "<!-- bench:other:start -->\nother\n<!-- bench:other:end -->\n");
    }

    @Test
    void shouldAppendItsSectionWhenMissing() {
        assertThat(OrdersBenchCommand.replaceSection("# Benchmarks\n", SECTION))
                .isEqualTo("# Benchmarks\n\n" + SECTION);
        assertThat(OrdersBenchCommand.replaceSection("# Benchmarks\n\n", SECTION))
                .isEqualTo("# Benchmarks\n\n" + SECTION);
    }

    @Test
    void shouldOfferTheSameOptionsAsBenchOrders() {
        CommandLine asBench = new CommandLine(new OrdersBenchCommand.AsBenchSubcommand());
        CommandLine asOrders = new CommandLine(new OrdersBenchCommand());
        assertThat(asBench.getCommandName()).isEqualTo("orders");
        assertThat(asOrders.getCommandName()).isEqualTo("bench");
        assertThat(asBench.getCommandSpec().optionsMap().keySet())
                .isEqualTo(asOrders.getCommandSpec().optionsMap().keySet())
                .contains("--orders", "--rates");
        asBench.parseArgs("--orders", "500", "--rates", "10,20");
        OrdersBenchCommand parsed = asBench.getCommand();
        assertThat(parsed.orders).isEqualTo(500);
        assertThat(parsed.rates).containsExactly(10, 20);
    }
}
