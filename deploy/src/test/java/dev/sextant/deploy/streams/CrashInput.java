package dev.sextant.deploy.streams;

import com.google.protobuf.util.Timestamps;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Decimal;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A deterministic series of trades for the crash tests: the same trades in the same partitions in
 * the same order every time, so that two runs of the application can be compared record by record.
 *
 * <p>Conditions of determinism (docs/streams/application.md, "Guarantees, tested"): only USD quotes
 * (a stablecoin quote is converted with a rate read from a global store, whose progress against the
 * task's is a matter of timing); every instrument of an asset in the same partition of {@code
 * market.trades.v1} (prices repartition by asset, and trades of one asset from two input partitions
 * would interleave in the repartition topic by timing); no news (its rescore punctuator runs on
 * wall-clock time).
 */
final class CrashInput {

  /** One entry per asset, its venues, its partition of market.trades.v1 and its first price. */
  private record Asset(String symbol, List<String> venues, int partition, BigDecimal start) {}

  /** One asset per partition: the six partitions of market.trades.v1 all carry work. */
  private static final List<Asset> ASSETS =
      List.of(
          new Asset("BTC", List.of("coinbase", "kraken"), 0, new BigDecimal("100000.00")),
          new Asset("ETH", List.of("coinbase", "kraken"), 1, new BigDecimal("3000.00")),
          new Asset("SOL", List.of("coinbase", "kraken"), 2, new BigDecimal("150.00")),
          new Asset("LINK", List.of("coinbase", "okx"), 3, new BigDecimal("15.00")),
          new Asset("UNI", List.of("kraken", "okx"), 4, new BigDecimal("8.00")),
          new Asset("TAO", List.of("coinbase", "okx"), 5, new BigDecimal("400.00")));

  /** A trade with the partition it is produced to. */
  record Placed(int partition, Trade trade) {}

  private final List<Placed> trades;

  private CrashInput(List<Placed> trades) {
    this.trades = List.copyOf(trades);
  }

  /**
   * {@code perInstrument} trades on each instrument, {@code step} apart in event time from {@code
   * t0} (the venues of an asset a few ms apart), prices a seeded random walk.
   */
  static CrashInput generate(Instant t0, int perInstrument, Duration step) {
    List<Placed> all = new ArrayList<>();
    for (Asset asset : ASSETS) {
      Random random = new Random(asset.symbol().hashCode());
      List<Placed> ofAsset = new ArrayList<>();
      for (int v = 0; v < asset.venues().size(); v++) {
        String instrument = asset.venues().get(v) + ":" + asset.symbol() + "-USD";
        BigDecimal price = asset.start();
        for (int n = 0; n < perInstrument; n++) {
          // A walk of up to 5 bp per trade, in cents: exact decimals, no rounding drift.
          BigDecimal move =
              price
                  .multiply(BigDecimal.valueOf(random.nextInt(11) - 5))
                  .movePointLeft(4)
                  .setScale(2, RoundingMode.HALF_EVEN);
          price = price.add(move);
          BigDecimal size = BigDecimal.valueOf(random.nextInt(1000) + 1).movePointLeft(3);
          long at = t0.toEpochMilli() + n * step.toMillis() + v * 7L;
          ofAsset.add(new Placed(asset.partition(), trade(instrument, n, price, size, at, random)));
        }
      }
      // The asset's instruments interleaved in event-time order, as a feed would write them.
      ofAsset.sort(Comparator.comparingLong(p -> Timestamps.toMillis(p.trade().getEventTime())));
      all.addAll(ofAsset);
    }
    return new CrashInput(all);
  }

  private static Trade trade(
      String instrument, int n, BigDecimal price, BigDecimal size, long at, Random random) {
    return Trade.newBuilder()
        .setInstrument(instrument)
        .setVenue(instrument.substring(0, instrument.indexOf(':')))
        .setTradeId(instrument + "-" + n)
        .setPrice(Decimal.newBuilder().setValue(price.toPlainString()))
        .setSize(Decimal.newBuilder().setValue(size.toPlainString()))
        .setSide(random.nextBoolean() ? Side.SIDE_BUY : Side.SIDE_SELL)
        .setEventTime(Timestamps.fromMillis(at))
        .setIngestTime(Timestamps.fromMillis(at))
        .build();
  }

  List<Placed> trades() {
    return trades;
  }

  /** The instruments traded, e.g. {@code coinbase:BTC-USD}. */
  static List<String> instruments() {
    return ASSETS.stream()
        .flatMap(a -> a.venues().stream().map(v -> v + ":" + a.symbol() + "-USD"))
        .toList();
  }

  /** The asset symbols. */
  static List<String> assets() {
    return ASSETS.stream().map(Asset::symbol).toList();
  }

  /**
   * Produces every trade to its partition, in order, with its event time as Kafka timestamp; one
   * idempotent producer, so each partition holds exactly this order.
   */
  void produce(String bootstrapServers) throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            // One request at a time: on a broker just started, a first batch refused while the
            // partition's leader is being elected must not be overtaken by the next one (the broker
            // would then refuse the first one's sequence number for ever).
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
            1);
    try (KafkaProducer<String, Trade> producer =
        new KafkaProducer<>(
            config, new StringSerializer(), Topics.MARKET_TRADES.serde().serializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (Placed p : trades) {
        sent.add(
            producer.send(
                new ProducerRecord<>(
                    Topics.MARKET_TRADES.name(),
                    p.partition(),
                    Timestamps.toMillis(p.trade().getEventTime()),
                    p.trade().getInstrument(),
                    p.trade())));
      }
      producer.flush();
      for (Future<RecordMetadata> f : sent) {
        f.get(); // a failed send fails the test here
      }
    }
  }
}
