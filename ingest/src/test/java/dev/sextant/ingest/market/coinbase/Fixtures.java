package dev.sextant.ingest.market.coinbase;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the golden Coinbase Exchange frames under {@code fixtures/coinbase-exchange}. */
final class Fixtures {

  private Fixtures() {}

  static String frame(String name) {
    String path = "/fixtures/coinbase-exchange/" + name;
    try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
