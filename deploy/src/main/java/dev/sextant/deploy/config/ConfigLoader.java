package dev.sextant.deploy.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sextant.schemas.registry.Registry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the {@link SextantConfig}: built-in defaults, then the user's file, then the environment.
 */
public final class ConfigLoader {

  private static final String DEFAULTS = "/sextant-defaults.yaml";

  /** The mappings whose keys are names the user picks, not settings: new keys are allowed. */
  private static final Set<String> OPEN_MAPPINGS =
      Set.of("market.feeds", "chain.chains", "news.feeds");

  private final ObjectMapper yaml =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /** The loaded configuration and the keys the environment changed. */
  public record Loaded(SextantConfig config, List<String> envKeys) {}

  /**
   * Loads the configuration.
   *
   * @throws IllegalArgumentException naming the file and key when a value is wrong or unknown
   */
  public Loaded load(Optional<Path> file, Map<String, String> env) {
    ObjectNode tree = defaults();
    file.ifPresent(f -> merge(tree, read(f), f.toString(), ""));
    List<String> envKeys = EnvOverrides.apply(tree, env);
    SextantConfig config;
    try {
      config = yaml.treeToValue(tree, SextantConfig.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Invalid configuration"
              + file.map(f -> " in " + f).orElse("")
              + ": "
              + e.getOriginalMessage(),
          e);
    }
    requireDistinctPorts(config);
    requireValidChains(config, file);
    requireValidNews(config, file);
    requireValidStreams(config, file);
    return new Loaded(config, envKeys);
  }

  /** Two listeners on one port would fail later with a less helpful message. */
  private static void requireDistinctPorts(SextantConfig config) {
    Map<Integer, String> byPort = new java.util.LinkedHashMap<>();
    Map<String, Integer> ports = new java.util.LinkedHashMap<>();
    ports.put("grpc.port", config.grpc().port());
    ports.put("http.port", config.http().port());
    if (config.kafka().embedded()) {
      ports.put("kafka.port", config.kafka().port());
      ports.put("kafka.controller-port", config.kafka().controllerPort());
    }
    for (Map.Entry<String, Integer> e : ports.entrySet()) {
      String other = byPort.putIfAbsent(e.getValue(), e.getKey());
      if (other != null && e.getValue() != 0) {
        throw new IllegalArgumentException(
            "Invalid configuration: "
                + other
                + " and "
                + e.getKey()
                + " are both "
                + e.getValue()
                + "; each listener needs its own port");
      }
    }
  }

  /** A wrong chain fails here, by key, rather than when the node starts its sources. */
  private static void requireValidChains(SextantConfig config, Optional<Path> file) {
    if (config.chain().chains().values().stream().noneMatch(SextantConfig.ChainEntry::enabled)) {
      return;
    }
    try {
      config.chain().enabled(Registry.loadDefault());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid configuration" + file.map(f -> " in " + f).orElse("") + ": " + e.getMessage(),
          e);
    }
  }

  /** A wrong feed fails here, by key, rather than when the node starts its sources. */
  private static void requireValidNews(SextantConfig config, Optional<Path> file) {
    if (!config.news().enabled()) {
      return;
    }
    try {
      config.news().sourceConfig();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid configuration" + file.map(f -> " in " + f).orElse("") + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * A wrong streams setting fails here, by key, even when the node does not run the application:
   * {@code sextant streams} reads the same section.
   */
  private static void requireValidStreams(SextantConfig config, Optional<Path> file) {
    try {
      StreamsSettingsMapper.check(config.streams());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid configuration" + file.map(f -> " in " + f).orElse("") + ": " + e.getMessage(),
          e);
    }
  }

  private ObjectNode defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
      return (ObjectNode) yaml.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read built-in defaults " + DEFAULTS, e);
    }
  }

  private JsonNode read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Config file " + file + " does not exist");
    }
    try {
      JsonNode node = yaml.readTree(file.toFile());
      return node == null ? yaml.createObjectNode() : node;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot parse config file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Overlays {@code user} on {@code base}; a key the defaults lack is an error, not a silent no-op.
   */
  private static void merge(ObjectNode base, JsonNode user, String origin, String prefix) {
    if (!user.isObject()) {
      throw new IllegalArgumentException(origin + ": expected a mapping at '" + prefix + "'");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      JsonNode current = base.get(e.getKey());
      if (current == null && OPEN_MAPPINGS.contains(prefix)) {
        base.set(e.getKey(), e.getValue()); // a feed or chain of the user's own
        continue;
      }
      if (current == null) {
        throw new IllegalArgumentException(origin + ": unknown key '" + key + "'");
      }
      if (current.isObject()) {
        merge((ObjectNode) current, e.getValue(), origin, key);
      } else {
        base.set(e.getKey(), e.getValue());
      }
    }
  }
}
