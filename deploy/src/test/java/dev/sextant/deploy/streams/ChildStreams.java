package dev.sextant.deploy.streams;

import static org.awaitility.Awaitility.await;

import dev.sextant.streams.kstreams.app.ProcessingGuarantee;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A {@link StreamsChild} process: started with the test's JVM and class path, its output lines
 * collected, killed with SIGKILL ({@link Process#destroyForcibly()} on Linux).
 */
final class ChildStreams implements AutoCloseable {

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final String name;

  private ChildStreams(Process process, String name) {
    this.process = process;
    this.name = name;
    Thread.ofPlatform()
        .daemon()
        .name("child-" + name)
        .start(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // The process was killed: its output ends here.
              }
            });
  }

  /**
   * Starts a child; its standard error (the Kafka Streams log) goes to {@code logDir}/{@code
   * name}.log, replacing the file of an earlier test run.
   */
  static ChildStreams start(
      String name,
      Path logDir,
      String bootstrapServers,
      ProcessingGuarantee guarantee,
      Path stateDir,
      String applicationId,
      Duration commitInterval,
      int standbyReplicas) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    // Start fast on a small, shared machine: the client compiler only, one GC thread.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StreamsChild.class.getName());
    command.add(bootstrapServers);
    command.add(guarantee.name());
    command.add(stateDir.toString());
    command.add(applicationId);
    command.add(Long.toString(commitInterval.toMillis()));
    command.add(Integer.toString(standbyReplicas));
    try {
      Process process =
          new ProcessBuilder(command).redirectError(logDir.resolve(name + ".log").toFile()).start();
      return new ChildStreams(process, name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the child reports RUNNING (a {@code running} line), and returns its tasks. */
  Set<String> awaitRunning(Duration atMost) {
    await(name + " running")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> lastRunning() != null || !process.isAlive());
    if (lastRunning() == null) {
      throw new AssertionError(name + " ended before running, exit " + process.exitValue());
    }
    return tasks();
  }

  /** The tasks of the latest {@code running} line, empty before the first. */
  Set<String> tasks() {
    String line = lastRunning();
    Set<String> tasks = new TreeSet<>();
    if (line != null && line.length() > StreamsChild.RUNNING.length()) {
      tasks.addAll(List.of(line.substring(StreamsChild.RUNNING.length()).split(",")));
    }
    return tasks;
  }

  private String lastRunning() {
    String last = null;
    for (String line : lines) {
      if (line.startsWith(StreamsChild.RUNNING)) {
        last = line;
      }
    }
    return last;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, then waits for the process to be gone. */
  void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        throw new AssertionError(name + " did not die");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
