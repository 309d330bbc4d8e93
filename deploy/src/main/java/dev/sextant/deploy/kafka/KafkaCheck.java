package dev.sextant.deploy.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.KafkaException;

/**
 * Whether a Kafka a client is about to use is there, within a bounded wait: Kafka clients retry an
 * unreachable broker for ever, which looks like a hang to whoever started them.
 */
public final class KafkaCheck {

  private KafkaCheck() {}

  /**
   * Returns once the cluster at {@code bootstrap} answers within {@code timeout} and holds every
   * one of {@code topics}.
   *
   * @throws IllegalArgumentException naming the address when the cluster does not answer in time,
   *     or naming the missing topics
   */
  public static void requireTopics(String bootstrap, Duration timeout, Collection<String> topics)
      throws InterruptedException {
    int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    Set<String> existing;
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms))) {
      existing =
          admin
              .listTopics(new ListTopicsOptions().timeoutMs(ms))
              .names()
              .get(ms + 1000L, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw new IllegalArgumentException(
          "cannot reach Kafka at "
              + bootstrap
              + " within "
              + timeout.toSeconds()
              + " s ("
              + (e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e)
              + "): is the node running (its embedded broker), or kafka.bootstrap-servers right?",
          e);
    }
    List<String> missing = topics.stream().filter(t -> !existing.contains(t)).sorted().toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "Kafka at "
              + bootstrap
              + " lacks the topics "
              + missing
              + ": a node creates the catalog's topics when it starts (sextant up)");
    }
  }
}
