package dev.sluice.cli.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * The Flink standalone session cluster's configuration and TaskManager command line. A
 * TaskManager started without Flink's scripts must be given what {@code taskmanager.sh} computes
 * with {@code BashJavaUtils GET_TM_RESOURCE_PARAMS}: the JVM's heap, direct and metaspace limits
 * and the memory and CPU dynamic properties; this class computes them the same way, with Flink's
 * own {@link TaskExecutorProcessUtils}.
 */
final class FlinkProcesses {
    private FlinkProcesses() {}

    /** config.yaml: loopback addresses, fixed JobManager ports, 2 slots per TaskManager, quick failure detection. */
    static Map<String, String> config(ClusterLayout layout) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", "127.0.0.1");
        c.put("jobmanager.bind-host", "127.0.0.1");
        c.put("jobmanager.rpc.port", String.valueOf(layout.port(ClusterLayout.FLINK_RPC)));
        c.put("rest.address", "127.0.0.1");
        c.put("rest.bind-address", "127.0.0.1");
        c.put("rest.port", String.valueOf(layout.port(ClusterLayout.FLINK_REST)));
        c.put("blob.server.port", String.valueOf(layout.port(ClusterLayout.FLINK_BLOB)));
        c.put("taskmanager.host", "127.0.0.1");
        c.put("taskmanager.bind-host", "127.0.0.1");
        c.put(
                "taskmanager.rpc.port",
                layout.port(ClusterLayout.FLINK_TM_RPC) + "-" + (layout.port(ClusterLayout.FLINK_TM_RPC) + 9));
        c.put("taskmanager.numberOfTaskSlots", "2");
        c.put("taskmanager.memory.process.size", "2560m");
        // the composite scorer reads its two ONNX models (about 130 MB) into the heap once per
        // TaskManager, and the sessions run off-heap; the job keeps its state on the heap, so
        // managed memory (RocksDB's) is kept small
        c.put("taskmanager.memory.task.heap.size", "1024m");
        c.put("taskmanager.memory.task.off-heap.size", "512m");
        c.put("taskmanager.memory.managed.size", "64m");
        c.put("taskmanager.cpu.cores", "1");
        c.put("jobmanager.memory.process.size", "1024m");
        // the job jar is this same jar: loading parent-first avoids a second copy of every class
        c.put("classloader.resolve-order", "parent-first");
        c.put("state.checkpoints.dir", layout.checkpoints().toUri().toString());
        // a killed TaskManager is noticed in seconds, not the default 50 s
        c.put("heartbeat.interval", "2000");
        c.put("heartbeat.timeout", "15000");
        c.put("web.submit.enable", "true");
        return c;
    }

    static void writeConfig(ClusterLayout layout) throws IOException {
        StringBuilder yaml = new StringBuilder("# written by sluice cluster up\n");
        config(layout).forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
        Files.createDirectories(layout.flinkConfDir());
        Files.writeString(layout.flinkConfDir().resolve("config.yaml"), yaml.toString());
    }

    /** {@code java <Flink's JVM memory flags> -cp jar TaskManagerRunner --configDir dir -D<memory and CPU>...}. */
    static List<String> taskManagerCommand(ClusterLayout layout, String resourceId) {
        Configuration conf = new Configuration();
        config(layout).forEach(conf::setString);
        TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(conf);
        List<String> command = new ArrayList<>();
        command.add(ClusterLayout.javaBinary());
        command.addAll(Arrays.asList(
                ProcessMemoryUtils.generateJvmParametersStr(spec).trim().split("\\s+")));
        command.add("-Dsluice.cluster=" + layout.dir());
        command.addAll(ClusterLayout.addOpens(layout.jar()));
        command.add("-cp");
        command.add(layout.jar().toString());
        command.add("org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
        command.add("--configDir");
        command.add(layout.flinkConfDir().toString());
        command.add("-D");
        command.add("taskmanager.resource-id=" + resourceId);
        for (String dynamic :
                TaskExecutorProcessUtils.generateDynamicConfigsStr(spec).trim().split("\\s+")) {
            if (!dynamic.equals("-D")) {
                command.add("-D");
                command.add(dynamic);
            }
        }
        return command;
    }

    static void checkConfigReadable(ClusterLayout layout) {
        try {
            GlobalConfiguration.loadConfiguration(layout.flinkConfDir().toString());
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException(
                    "Flink cannot read " + layout.flinkConfDir() + "/config.yaml: " + e.getMessage(), e));
        }
    }
}
