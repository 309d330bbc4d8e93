package dev.sextant.deploy.kafka;

import dev.sextant.schemas.topics.Topic;
import dev.sextant.schemas.topics.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the cluster's topics match the catalog: creates missing topics, sets cleanup policy and
 * retention where they drifted, and adds partitions where the catalog asks for more. It never
 * deletes a topic or removes partitions, since either would lose data or break key ordering.
 */
public final class TopicReconciler {

  private static final Logger log = LoggerFactory.getLogger(TopicReconciler.class);
  private static final long TIMEOUT_SECONDS = 30;

  private final Admin admin;
  private final short replicationFactor;

  public TopicReconciler(Admin admin, short replicationFactor) {
    this.admin = admin;
    this.replicationFactor = replicationFactor;
  }

  /** What a reconcile run changed. */
  public record Report(List<String> created, List<String> reconfigured, List<String> grown) {
    public boolean changedNothing() {
      return created.isEmpty() && reconfigured.isEmpty() && grown.isEmpty();
    }
  }

  /** Reconciles every topic of {@code catalog}. */
  /**
   * Creates or checks every topic of the catalog on the cluster at {@code bootstrapServers}, with
   * an admin client of its own.
   */
  public static Report reconcileCatalog(String bootstrapServers, short replicationFactor) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      return new TopicReconciler(admin, replicationFactor).reconcile(Topics.ALL);
    }
  }

  public Report reconcile(Collection<Topic<?>> catalog) {
    try {
      return doReconcile(catalog);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Reconciling topics failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reconciling topics", e);
    }
  }

  private Report doReconcile(Collection<Topic<?>> catalog)
      throws ExecutionException, InterruptedException, TimeoutException {
    Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    List<NewTopic> toCreate = new ArrayList<>();
    List<Topic<?>> toCheck = new ArrayList<>();
    for (Topic<?> topic : catalog) {
      if (existing.contains(topic.name())) {
        toCheck.add(topic);
      } else {
        toCreate.add(
            new NewTopic(topic.name(), topic.partitions(), replicationFactor)
                .configs(configs(topic)));
      }
    }
    if (!toCreate.isEmpty()) {
      admin.createTopics(toCreate).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    List<String> created = toCreate.stream().map(NewTopic::name).toList();
    List<String> reconfigured = reconfigure(toCheck);
    List<String> grown = grow(toCheck);
    Report report = new Report(created, reconfigured, grown);
    log.info(
        "Topics reconciled with the catalog: {} created, {} reconfigured, {} grown",
        created.size(),
        reconfigured.size(),
        grown.size());
    return report;
  }

  private List<String> reconfigure(List<Topic<?>> topics)
      throws ExecutionException, InterruptedException, TimeoutException {
    if (topics.isEmpty()) {
      return List.of();
    }
    List<ConfigResource> resources =
        topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
    Map<ConfigResource, Config> actual =
        admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
    for (Topic<?> topic : topics) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
      Config config = actual.get(resource);
      List<AlterConfigOp> ops = new ArrayList<>();
      for (Map.Entry<String, String> wanted : configs(topic).entrySet()) {
        ConfigEntry entry = config.get(wanted.getKey());
        if (entry == null || !wanted.getValue().equals(entry.value())) {
          log.warn(
              "Topic {}: {} is {}, the catalog says {}; setting it",
              topic.name(),
              wanted.getKey(),
              entry == null ? "unset" : entry.value(),
              wanted.getValue());
          ops.add(
              new AlterConfigOp(
                  new ConfigEntry(wanted.getKey(), wanted.getValue()), AlterConfigOp.OpType.SET));
        }
      }
      if (!ops.isEmpty()) {
        changes.put(resource, ops);
      }
    }
    if (!changes.isEmpty()) {
      admin.incrementalAlterConfigs(changes).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    return changes.keySet().stream().map(ConfigResource::name).sorted().toList();
  }

  private List<String> grow(List<Topic<?>> topics)
      throws ExecutionException, InterruptedException, TimeoutException {
    if (topics.isEmpty()) {
      return List.of();
    }
    Map<String, TopicDescription> described =
        admin
            .describeTopics(topics.stream().map(Topic::name).toList())
            .allTopicNames()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<String, NewPartitions> growth = new HashMap<>();
    for (Topic<?> topic : topics) {
      int actual = described.get(topic.name()).partitions().size();
      if (actual < topic.partitions()) {
        growth.put(topic.name(), NewPartitions.increaseTo(topic.partitions()));
      } else if (actual > topic.partitions()) {
        log.warn(
            "Topic {} has {} partitions, the catalog says {}; partitions are never removed",
            topic.name(),
            actual,
            topic.partitions());
      }
    }
    if (!growth.isEmpty()) {
      admin.createPartitions(growth).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    return growth.keySet().stream().sorted().toList();
  }

  /** The topic-level configs the catalog fixes. */
  static Map<String, String> configs(Topic<?> topic) {
    return Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, topic.cleanup().config(),
        TopicConfig.RETENTION_MS_CONFIG, Long.toString(topic.retentionMs()));
  }
}
