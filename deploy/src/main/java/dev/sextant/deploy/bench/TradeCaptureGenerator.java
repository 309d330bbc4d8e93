package dev.sextant.deploy.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a benchmark capture of Coinbase Exchange {@code match} frames (trades on BTC-USD and
 * ETH-USD, a seeded random walk one millisecond apart), the frames the default replay protocol
 * decodes.
 */
public final class TradeCaptureGenerator {

  /** The only protocol whose frames this generator writes. */
  public static final String PROTOCOL = "coinbase-exchange";

  private static final long START_NANOS = 1_700_000_000_000_000_000L;
  private static final long STEP_NANOS = 1_000_000L;

  private TradeCaptureGenerator() {}

  /** Writes {@code frames} lines to {@code file} (gzip), atomically: a partial file never stays. */
  public static void write(Path file, long frames) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    SplittableRandom random = new SplittableRandom(42);
    long btc = 6_500_000; // cents
    long eth = 350_000;
    try (Writer out =
        new BufferedWriter(
            new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(partial), 1 << 16),
                StandardCharsets.UTF_8),
            1 << 16)) {
      for (long i = 1; i <= frames; i++) {
        boolean isBtc = (i & 1) == 0;
        long price = isBtc ? (btc += random.nextInt(-50, 51)) : (eth += random.nextInt(-5, 6));
        long nanos = START_NANOS + i * STEP_NANOS;
        out.write(Long.toString(nanos));
        out.write('\t');
        out.write(
            match(
                i,
                isBtc ? "BTC-USD" : "ETH-USD",
                price,
                random.nextInt(1, 100_000),
                nanos,
                random.nextBoolean()));
        out.write('\n');
      }
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String match(
      long tradeId, String product, long priceCents, int sizeSatoshi, long nanos, boolean buy) {
    return "{\"type\":\"match\",\"trade_id\":"
        + tradeId
        + ",\"maker_order_id\":\"m-"
        + tradeId
        + "\",\"taker_order_id\":\"t-"
        + tradeId
        + "\",\"side\":\""
        + (buy ? "buy" : "sell")
        + "\",\"size\":\""
        + decimal(sizeSatoshi, 8)
        + "\",\"price\":\""
        + decimal(priceCents, 2)
        + "\",\"product_id\":\""
        + product
        + "\",\"sequence\":"
        + tradeId
        + ",\"time\":\""
        + Instant.ofEpochSecond(0, nanos)
        + "\"}";
  }

  private static String decimal(long units, int scale) {
    return java.math.BigDecimal.valueOf(units, scale).toPlainString();
  }
}
