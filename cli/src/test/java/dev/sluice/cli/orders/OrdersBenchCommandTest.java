package dev.sluice.cli.orders;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OrdersBenchCommandTest {
    @Test
    void shouldOfferTheSameOptionsAsBenchOrders() {
        CommandLine asBench = new CommandLine(new OrdersBenchCommand.AsBenchSubcommand());
        CommandLine asOrders = new CommandLine(new OrdersBenchCommand());
        assertThat(asBench.getCommandName()).isEqualTo("orders");
        assertThat(asOrders.getCommandName()).isEqualTo("bench");
        assertThat(asBench.getCommandSpec().optionsMap().keySet())
                .isEqualTo(asOrders.getCommandSpec().optionsMap().keySet())
                .contains("--orders", "--bursts", "--ladder", "--rates", "--out", "--json");
        asBench.parseArgs("--orders", "500", "--rates", "10,20");
        OrdersBenchCommand parsed = asBench.getCommand();
        assertThat(parsed.orders).isEqualTo(500);
        assertThat(parsed.rates).containsExactly(10, 20);
        assertThat(parsed.bursts)
                .as("five warm bursts by default, as issue 15 asks")
                .isEqualTo(5);
        assertThat(parsed.ladder).isTrue();
    }

    @Test
    void shouldRunTheBurstsAloneWithNoLadder() {
        CommandLine cli = new CommandLine(new OrdersBenchCommand());
        cli.parseArgs("--bursts", "3", "--no-ladder");
        OrdersBenchCommand parsed = cli.getCommand();
        assertThat(parsed.bursts).isEqualTo(3);
        assertThat(parsed.ladder).isFalse();
    }
}
