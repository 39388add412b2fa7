package dev.sluice.platform.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a start does with the {@code postmaster.pid} a killed JVM left. Real processes stand in for
 * the server: {@code sleep} for "some other program", and a copy of {@code /bin/sh} named {@code
 * postgres} whose command line carries {@code -D <dir>} for "a PostgreSQL server of that directory".
 */
class PostmasterPidFileTest {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    // short sleeps, so a shell killed by SIGTERM leaves no long-lived sleep behind
    private static final String LOOP = "while :; do sleep 0.1; done";

    @TempDir
    Path temp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killWhatWasStarted() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void shouldDoNothingWithoutAPidFile() throws IOException {
        Path data = Files.createDirectories(temp.resolve("data"));

        assertThat(new PostmasterPidFile(data, STOP_TIMEOUT).clear().outcome())
                .isEqualTo(PostmasterPidFile.Outcome.NOTHING);
    }

    @Test
    void shouldRemoveAPidFileWhosePidIsNotRunning() throws Exception {
        Path data = Files.createDirectories(temp.resolve("data"));
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        writePidFile(data, exited.pid(), data);

        PostmasterPidFile.Result result = new PostmasterPidFile(data, STOP_TIMEOUT).clear();

        assertThat(result.outcome()).isEqualTo(PostmasterPidFile.Outcome.STALE_FILE_REMOVED);
        assertThat(result.description()).contains("pid " + exited.pid() + " is not running");
        assertThat(data.resolve(PostmasterPidFile.NAME)).doesNotExist();
    }

    @Test
    void shouldRemoveAPidFileWithoutAPid() throws IOException {
        Path data = Files.createDirectories(temp.resolve("data"));
        Files.writeString(data.resolve(PostmasterPidFile.NAME), "garbage\n");

        assertThat(new PostmasterPidFile(data, STOP_TIMEOUT).clear().outcome())
                .isEqualTo(PostmasterPidFile.Outcome.STALE_FILE_REMOVED);
        assertThat(data.resolve(PostmasterPidFile.NAME)).doesNotExist();
    }

    @Test
    void shouldLeaveALiveProcessThatIsNotPostgresRunningAndRemoveOnlyTheFile() throws IOException {
        Path data = Files.createDirectories(temp.resolve("data"));
        Process other = start("sleep", "60");
        writePidFile(data, other.pid(), data);

        PostmasterPidFile.Result result = new PostmasterPidFile(data, STOP_TIMEOUT).clear();

        assertThat(result.outcome()).isEqualTo(PostmasterPidFile.Outcome.STALE_FILE_REMOVED);
        assertThat(result.description()).contains("not PostgreSQL", "left it running");
        assertThat(other.isAlive()).isTrue();
        assertThat(data.resolve(PostmasterPidFile.NAME)).doesNotExist();
    }

    @Test
    void shouldLeaveAPostgresOfAnotherDataDirRunning() throws IOException {
        Path data = Files.createDirectories(temp.resolve("data"));
        Path otherData = Files.createDirectories(temp.resolve("other"));
        Process otherServer = fakePostgres(otherData, LOOP);
        writePidFile(data, otherServer.pid(), data);

        PostmasterPidFile.Result result = new PostmasterPidFile(data, STOP_TIMEOUT).clear();

        assertThat(result.outcome()).isEqualTo(PostmasterPidFile.Outcome.STALE_FILE_REMOVED);
        assertThat(result.description()).contains("another data dir");
        assertThat(otherServer.isAlive()).isTrue();
    }

    @Test
    void shouldStopAnOrphanedPostgresOfThisDataDirWithSigterm() throws IOException {
        Path data = Files.createDirectories(temp.resolve("data"));
        Process orphan = fakePostgres(data, LOOP);
        writePidFile(data, orphan.pid(), data);

        PostmasterPidFile.Result result = new PostmasterPidFile(data, STOP_TIMEOUT).clear();

        assertThat(result.outcome()).isEqualTo(PostmasterPidFile.Outcome.ORPHAN_STOPPED);
        assertThat(result.description()).contains("pid " + orphan.pid(), "SIGTERM");
        assertThat(orphan.isAlive()).isFalse();
    }

    @Test
    void shouldKillAnOrphanThatIgnoresSigtermAndRemoveItsPidFile() throws IOException {
        Path data = Files.createDirectories(temp.resolve("data"));
        Process orphan = fakePostgres(data, "trap '' TERM; " + LOOP);
        writePidFile(data, orphan.pid(), data);
        // the trap must be set before the SIGTERM comes
        await().atMost(Duration.ofSeconds(10))
                .until(() -> orphan.descendants().findAny().isPresent());

        PostmasterPidFile.Result result = new PostmasterPidFile(data, Duration.ofMillis(300)).clear();

        assertThat(result.outcome()).isEqualTo(PostmasterPidFile.Outcome.ORPHAN_KILLED);
        assertThat(orphan.isAlive()).isFalse();
        assertThat(data.resolve(PostmasterPidFile.NAME)).doesNotExist();
    }

    @Test
    void shouldRecogniseTheDataDirInThePostmastersArguments() {
        Path data = temp.resolve("data");

        assertThat(PostmasterPidFile.servesDataDir(new String[] {"-D", data.toString(), "-p", "5432"}, data))
                .isTrue();
        assertThat(PostmasterPidFile.servesDataDir(new String[] {"-D" + data + "/./"}, data))
                .isTrue();
        assertThat(PostmasterPidFile.servesDataDir(
                        new String[] {"-D", temp.resolve("other").toString()}, data))
                .isFalse();
        assertThat(PostmasterPidFile.servesDataDir(new String[] {data.toString()}, data))
                .isFalse();
        assertThat(PostmasterPidFile.isPostgres("/tmp/embedded-pg/PG-1/bin/postgres"))
                .isTrue();
        assertThat(PostmasterPidFile.isPostgres("/usr/bin/sleep")).isFalse();
        assertThat(PostmasterPidFile.parsePid(List.of("4242", "/data"))).isEqualTo(OptionalLong.of(4242));
    }

    private Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        started.add(p);
        return p;
    }

    /** A shell whose executable is named postgres and whose command line says {@code -D dataDir}. */
    private Process fakePostgres(Path dataDir, String script) throws IOException {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path postgres = bin.resolve("postgres");
        if (!Files.exists(postgres)) {
            Files.copy(Path.of("/bin/sh"), postgres, StandardCopyOption.COPY_ATTRIBUTES);
        }
        return start(postgres.toString(), "-c", script, "postgres", "-D", dataDir.toString());
    }

    private static void writePidFile(Path dataDir, long pid, Path named) throws IOException {
        // the layout PostgreSQL writes: pid, data dir, start time, port, socket dir, host, shmem key, status
        Files.writeString(
                dataDir.resolve(PostmasterPidFile.NAME),
                pid + "\n" + named + "\n1764880000\n5432\n/tmp\nlocalhost\n  1234567  0\nready   \n");
    }
}
