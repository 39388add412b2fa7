package dev.sluice.answers.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where the scoring job keeps its checkpoints, and which one a restart resumes from.
 *
 * <p>A MiniCluster forgets everything when its process stops, so without this a stopped
 * {@code sluice up} would start the job with empty keyed state: questions between attempts would
 * lose their best attempt so far. Checkpoints therefore go to a directory (default
 * {@code <work-dir>/flink-checkpoints}, key {@code answers.checkpoint-dir}, any Flink file system
 * URI for a cluster) and are retained when the job is cancelled; the next start restores the newest
 * completed one ({@code chk-N/_metadata}). Kafka offsets are part of that state, so the job resumes
 * where the checkpoint left off, and the exactly-once sinks abort whatever the old run had open.
 */
public final class ScoringCheckpoints {
    public static final String KEY = "answers.checkpoint-dir";
    private final String dir;
    private final Path localDir;

    private ScoringCheckpoints(String dir, Path localDir) {
        this.dir = dir;
        this.localDir = localDir;
    }

    /**
     * @param configured the {@value #KEY} setting, or null/blank for {@code <workDir>/flink-checkpoints}
     * @param workDir    the process's work dir
     */
    public static ScoringCheckpoints under(String configured, Path workDir) {
        if (configured != null && !configured.isBlank()) {
            String uri = configured.strip();
            Path local = uri.startsWith("file:")
                    ? Path.of(java.net.URI.create(uri))
                    : uri.contains("://") ? null : Path.of(uri).toAbsolutePath();
            return new ScoringCheckpoints(local != null ? local.toUri().toString() : uri, local);
        }
        Path local = workDir.toAbsolutePath().resolve("flink-checkpoints");
        return new ScoringCheckpoints(local.toUri().toString(), local);
    }

    /** Checkpoint storage in {@link #dir}, kept on cancellation (a stop), newest 2 retained. */
    public Configuration configuration() {
        Configuration c = new Configuration();
        c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
        c.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        c.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        return c;
    }

    /**
     * Makes the newest completed checkpoint the restore point of the jobs {@code env} submits; returns
     * its path, or null when there is none (first start, or a remote file system this process cannot
     * list). State of operators that no longer exist is skipped rather than failing the start.
     *
     * <p>Through the environment's configuration ({@code execution.state-recovery.path}), not
     * {@code StreamGraph.setSavepointRestoreSettings}: the executor overwrites the graph's restore
     * settings with the configuration's when it submits, so a path set on the graph alone is silently
     * dropped and the job starts empty (the resume test caught exactly that).
     */
    public String restoreInto(StreamExecutionEnvironment env) {
        Optional<Path> latest = latest();
        latest.ifPresent(p -> {
            Configuration c = new Configuration();
            c.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString());
            c.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
            env.configure(c);
        });
        return latest.map(Path::toString).orElse(null);
    }

    /** The newest {@code <job-id>/chk-N} holding a {@code _metadata} file (a completed checkpoint). */
    public Optional<Path> latest() {
        if (localDir == null || !Files.isDirectory(localDir)) {
            return Optional.empty();
        }
        try (Stream<Path> jobs = Files.list(localDir)) {
            return jobs.filter(Files::isDirectory)
                    .flatMap(ScoringCheckpoints::completed)
                    .max(Comparator.comparingLong(ScoringCheckpoints::modified));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list scoring checkpoints in " + localDir + " (" + KEY + ")", e);
        }
    }

    private static Stream<Path> completed(Path jobDir) {
        try (Stream<Path> entries = Files.list(jobDir)) {
            return entries
                    .filter(p -> p.getFileName().toString().startsWith("chk-")
                            && Files.isRegularFile(p.resolve("_metadata")))
                    .toList()
                    .stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static long modified(Path chk) {
        try {
            return Files.getLastModifiedTime(chk.resolve("_metadata")).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
