package dev.sextant.deploy.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the demo capture: Coinbase Exchange feed frames ({@code subscriptions}, {@code heartbeat},
 * {@code match}) in the feed's exact wire format, one frame per line behind its receive time in
 * epoch nanoseconds. Prices follow a seeded random walk, so the file is reproducible byte for byte;
 * {@code BundledCaptureTest} checks that the bundled file is this generator's output.
 */
public final class DemoCaptureGenerator {

  static final long SEED = 20261124L;
  static final int MATCHES = 3000;
  static final Instant START = Instant.parse("2026-11-02T14:00:00Z");

  private record Product(String id, BigDecimal start, int priceScale, int sizeScale, double vol) {}

  private static final List<Product> PRODUCTS =
      List.of(
          new Product("BTC-USD", new BigDecimal("68250.00"), 2, 8, 0.00035),
          new Product("ETH-USD", new BigDecimal("3412.50"), 2, 8, 0.0005),
          new Product("SOL-USD", new BigDecimal("171.20"), 2, 3, 0.0008),
          new Product("BTC-USDT", new BigDecimal("68262.10"), 2, 8, 0.00035),
          new Product("ETH-BTC", new BigDecimal("0.05000"), 5, 8, 0.0004));

  // Coinbase always writes six fraction digits.
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private DemoCaptureGenerator() {}

  public static void main(String[] args) throws IOException {
    Path out =
        Path.of(args.length > 0 ? args[0] : "src/main/resources/demo/coinbase-exchange.capture.gz");
    write(out);
    System.out.println("wrote " + out);
  }

  /** Writes the capture, gzip-compressed, to {@code out}. */
  public static void write(Path out) throws IOException {
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (OutputStream file = Files.newOutputStream(out);
        // GZIPOutputStream writes no timestamp in its header, so the bytes depend on the frames
        // only.
        GZIPOutputStream gz = new GZIPOutputStream(file);
        Writer w = new OutputStreamWriter(gz, StandardCharsets.UTF_8)) {
      writeFrames(w);
    }
  }

  static void writeFrames(Writer w) throws IOException {
    SplittableRandom random = new SplittableRandom(SEED);
    BigDecimal[] prices = PRODUCTS.stream().map(Product::start).toArray(BigDecimal[]::new);
    long[] tradeIds = {620_000_001L, 410_000_001L, 90_000_001L, 12_000_001L, 55_000_001L};
    long sequence = 88_000_000_000L;
    Instant now = START;
    line(
        w,
        now,
        "{\"type\":\"subscriptions\",\"channels\":[{\"name\":\"matches\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\",\"SOL-USD\",\"BTC-USDT\",\"ETH-BTC\"]},{\"name\":\"heartbeat\",\"product_ids\":[\"BTC-USD\"]}]}");
    Instant nextHeartbeat = now.plusSeconds(1);
    for (int i = 0; i < MATCHES; i++) {
      now =
          now.plus(50 + random.nextInt(400), ChronoUnit.MILLIS)
              .plusNanos(random.nextInt(1000) * 1000L);
      while (!nextHeartbeat.isAfter(now)) {
        sequence++;
        line(
            w,
            nextHeartbeat,
            "{\"type\":\"heartbeat\",\"last_trade_id\":"
                + (tradeIds[0] - 1)
                + ",\"product_id\":\"BTC-USD\",\"sequence\":"
                + sequence
                + ",\"time\":\""
                + iso(nextHeartbeat)
                + "\"}");
        nextHeartbeat = nextHeartbeat.plusSeconds(1);
      }
      // BTC-USD trades most, as on the real venue.
      int p = random.nextInt(10) < 4 ? 0 : random.nextInt(PRODUCTS.size());
      Product product = PRODUCTS.get(p);
      double step = random.nextGaussian() * product.vol();
      prices[p] =
          prices[p]
              .multiply(BigDecimal.valueOf(1 + step))
              .setScale(product.priceScale(), RoundingMode.HALF_EVEN);
      BigDecimal size =
          BigDecimal.valueOf(Math.abs(random.nextGaussian()) * (p == 2 ? 20 : 0.3) + 0.0001)
              .setScale(product.sizeScale(), RoundingMode.HALF_EVEN);
      sequence++;
      Instant tradeTime = now.minus(200 + random.nextInt(5000), ChronoUnit.MICROS);
      String frame =
          "{\"type\":\"match\",\"trade_id\":"
              + tradeIds[p]++
              + ",\"maker_order_id\":\""
              + uuid(random)
              + "\",\"taker_order_id\":\""
              + uuid(random)
              + "\",\"side\":\""
              + (random.nextBoolean() ? "buy" : "sell")
              + "\",\"size\":\""
              + size.toPlainString()
              + "\",\"price\":\""
              + prices[p].toPlainString()
              + "\",\"product_id\":\""
              + product.id()
              + "\",\"sequence\":"
              + sequence
              + ",\"time\":\""
              + iso(tradeTime)
              + "\"}";
      line(w, now, frame);
    }
  }

  private static void line(Writer w, Instant received, String frame) throws IOException {
    long nanos = received.getEpochSecond() * 1_000_000_000L + received.getNano();
    w.write(nanos + "\t" + frame + "\n");
  }

  private static String iso(Instant t) {
    return MICROS.format(t);
  }

  private static String uuid(SplittableRandom random) {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }
}
