package dev.sextant.ingest.market.coinbase;

import com.google.protobuf.Timestamp;
import dev.sextant.schemas.v1.BookLevel;
import dev.sextant.schemas.v1.Decimal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Loads the hand-written frames under {@code market/<protocol>} and builds expected values. */
final class MarketFixtures {

  private MarketFixtures() {}

  static String frame(String protocol, String name) {
    String path = "/market/" + protocol + "/" + name;
    try (InputStream in = MarketFixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Decimal decimal(String value) {
    return Decimal.newBuilder().setValue(value).build();
  }

  static Timestamp time(String rfc3339) {
    Instant i = Instant.parse(rfc3339);
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  static BookLevel level(String price, String size) {
    return BookLevel.newBuilder().setPrice(decimal(price)).setSize(decimal(size)).build();
  }
}
