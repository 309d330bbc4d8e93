package dev.sextant.ingest.market.bybit;

import dev.sextant.ingest.market.ConnectionPlan;
import java.net.URI;

/**
 * The Bybit v5 public endpoint kinds Sextant uses, {@code spot} and {@code linear} (USDT and USDC
 * perpetuals), told apart by the connection's label because both name BTC/USDT {@code BTCUSDT}.
 */
enum BybitCategory {
  SPOT("spot", ""),
  LINEAR("linear", "PERP");

  private final String path;
  private final String suffix;

  BybitCategory(String path, String suffix) {
    this.path = path;
    this.suffix = suffix;
  }

  /** The endpoint's last path segment, also the connection label's first part. */
  String path() {
    return path;
  }

  /** The Sextant instrument suffix of this kind's symbols. */
  String suffix() {
    return suffix;
  }

  /** The category of a Sextant instrument suffix, or null when Bybit has none for it here. */
  static BybitCategory ofSuffix(String suffix) {
    return switch (suffix) {
      case "" -> SPOT;
      case "PERP" -> LINEAR;
      default -> null;
    };
  }

  /**
   * The category of a planned connection: from its label ({@code spot}, {@code linear-2}), else
   * from its endpoint's last path segment.
   *
   * @throws IllegalArgumentException when neither names a category
   */
  static BybitCategory of(ConnectionPlan plan) {
    for (BybitCategory category : values()) {
      if (plan.label().equals(category.path) || plan.label().startsWith(category.path + "-")) {
        return category;
      }
    }
    String path = plan.endpoint().getPath() == null ? "" : plan.endpoint().getPath();
    for (BybitCategory category : values()) {
      if (path.endsWith("/" + category.path)) {
        return category;
      }
    }
    throw new IllegalArgumentException(
        "bybit: connection '"
            + plan.label()
            + "' at "
            + plan.endpoint()
            + " is neither spot nor linear: label it spot or linear");
  }

  /**
   * This category's endpoint next to {@code endpoint}: {@code .../v5/public/spot} becomes {@code
   * .../v5/public/linear}; an endpoint that ends in neither gets the category appended.
   */
  URI endpointBeside(URI endpoint) {
    String text = endpoint.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    for (BybitCategory category : values()) {
      if (text.endsWith("/" + category.path)) {
        text = text.substring(0, text.length() - category.path.length() - 1);
        break;
      }
    }
    return URI.create(text + "/" + path);
  }
}
