package dev.sextant.deploy.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies {@code SEXTANT_*} environment variables to the configuration tree. Only keys the defaults
 * define can be overridden, so the mapping from variable to key is unambiguous. A list is given
 * comma-separated: {@code SEXTANT_MARKET_FEEDS_OKX_INSTRUMENTS=okx:BTC-USDT,okx:ETH-USDT}.
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
          node.set(name, child instanceof ArrayNode ? list(value) : TextNode.valueOf(value));
          applied.add(key);
        }
      }
    }
  }

  /** A comma-separated value as a list of its trimmed, non-empty items. */
  private static ArrayNode list(String value) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (String item : value.split(",")) {
      if (!item.isBlank()) {
        list.add(item.strip());
      }
    }
    return list;
  }
}
