package dev.sluice.platform.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.platform.embedded.EmbeddedFlink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedFlinkITCase {

    @RegisterExtension
    static FlinkExtension flink = new FlinkExtension();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void restApiReportsTheConfiguredSlots() throws Exception {
        HttpResponse<String> overview = get("/overview");

        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("\"slots-total\":" + FlinkExtension.TASK_SLOTS);
    }

    @Test
    void webUiIsServed() throws Exception {
        HttpResponse<String> index = get("/");

        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).containsIgnoringCase("<html").contains("Flink");
    }

    @Test
    void boundedJobRunsOnThisMiniCluster() throws Exception {
        StreamExecutionEnvironment env = flink.environment();

        List<String> result = env.fromData("a", "b", "c")
                .map(s -> s.toUpperCase(Locale.ROOT))
                .returns(Types.STRING)
                .executeAndCollect("embedded-flink-itcase-upper", 10);

        assertThat(result).containsExactlyInAnyOrder("A", "B", "C");
        // the job must have gone to this cluster, not to a throwaway local one
        HttpResponse<String> jobs = get("/jobs/overview");
        assertThat(jobs.body()).contains("embedded-flink-itcase-upper");
    }

    @Test
    void environmentOfAStoppedClusterSaysToStartIt() {
        EmbeddedFlink notStarted = EmbeddedFlink.builder().restPort(0).build();

        assertThatThrownBy(notStarted::environment)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start()");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create(flink.cluster().webUiUrl() + path);
        return http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
