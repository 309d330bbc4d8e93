package dev.sextant.deploy.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies {@code SEXTANT_*} environment variables to the configuration tree. Only keys the defaults
 * define can be overridden, so the mapping from variable to key is unambiguous.
 */
public final class EnvOverrides {

  private static final String PREFIX = "SEXTANT_";

  private EnvOverrides() {}

  /**
   * The variable that overrides {@code key}: {@code kafka.controller-port} → {@code
   * SEXTANT_KAFKA_CONTROLLER_PORT}.
   */
  public static String envName(String key) {
    return PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * Sets each leaf of {@code tree} whose variable is in {@code env}.
   *
   * @return the keys overridden, for the start-up log
   */
  public static List<String> apply(ObjectNode tree, Map<String, String> env) {
    List<String> applied = new ArrayList<>();
    apply(tree, "", env, applied);
    return applied;
  }

  private static void apply(
      ObjectNode node, String prefix, Map<String, String> env, List<String> applied) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      String key = prefix.isEmpty() ? name : prefix + "." + name;
      JsonNode child = node.get(name);
      if (child instanceof ObjectNode object) {
        apply(object, key, env, applied);
      } else {
        String value = env.get(envName(key));
        if (value != null) {
          node.set(name, TextNode.valueOf(value));
          applied.add(key);
        }
      }
    }
  }
}
