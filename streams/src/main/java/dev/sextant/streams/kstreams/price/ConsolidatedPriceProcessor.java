package dev.sextant.streams.kstreams.price;

import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.v1.Price;
import dev.sextant.schemas.v1.VenueContribution;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies each venue update to its asset's book and publishes the consolidated price when the price
 * or the set of venues used changes.
 */
final class ConsolidatedPriceProcessor implements Processor<String, VenueUpdate, String, Price> {

  private static final String USD = "USD";

  private final PriceConfig config;
  private final Consolidator consolidator;
  private final PriceMetrics metrics;
  private ProcessorContext<String, Price> context;
  private KeyValueStore<String, AssetBook> books;
  private StablecoinRates rates;

  ConsolidatedPriceProcessor(PriceConfig config, PriceMetrics metrics) {
    this.config = config;
    this.consolidator = new Consolidator(config);
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Price> context) {
    this.context = context;
    this.books = context.getStateStore(config.storeName());
    this.rates = new StoreStablecoinRates(context.getStateStore(config.ratesStoreName()));
  }

  @Override
  public void process(Record<String, VenueUpdate> record) {
    VenueUpdate update = record.value();
    if (update.eventTimeMs() - record.timestamp() > config.maxFutureSkew().toMillis()) {
      // Checked here, where the record timestamp is known. Accepted, a far-future time would move
      // the asset's stream time for good and make every other venue stale, then evicted.
      metrics.skipped(Parsed.FUTURE_TIME);
      return;
    }
    String asset = update.asset();
    AssetBook book = books.get(asset);
    if (book == null) {
      book = AssetBook.empty();
    }
    SourcePosition source = source(record);
    if (source != null && book.hasApplied(source.stream(), source.partition(), source.offset())) {
      // At-least-once redelivery of a record the book (and its changelog) already holds.
      metrics.replayed();
      return;
    }
    if (isLate(book, update)) {
      metrics.late();
    }
    AssetBook next = book.apply(update, config);
    var consolidation = consolidator.consolidate(next, rates);
    if (consolidation.isPresent()) {
      Consolidation c = consolidation.get();
      String price = c.price().toPlainString();
      String venues = c.venueList();
      if (!price.equals(next.lastPrice()) || !venues.equals(next.lastVenues())) {
        // No input headers: they name one venue's source, and this record is made of several.
        context.forward(new Record<>(asset, toPrice(asset, c), c.eventTimeMs()));
        next = next.published(price, venues);
      }
    }
    if (source != null) {
      next = next.appliedAt(source.stream(), source.partition(), source.offset());
    }
    books.put(asset, next);
  }

  /**
   * Where the update was first read: the stamp its input record got before the repartition, or (a
   * record without one, not from this topology's repartition) where this processor read it. Null
   * only in a punctuation, which never calls this.
   */
  private SourcePosition source(Record<String, VenueUpdate> record) {
    Optional<SourcePosition> stamped = SourcePosition.from(record.headers());
    if (stamped.isPresent()) {
      return stamped.get();
    }
    RecordMetadata m = context.recordMetadata().orElse(null);
    return m == null ? null : new SourcePosition(m.topic(), m.partition(), m.offset());
  }

  private boolean isLate(AssetBook book, VenueUpdate update) {
    VenueState venue = book.venues().get(update.instrument());
    if (update.kind() == VenueUpdate.Kind.QUOTE) {
      return venue != null && update.eventTimeMs() < venue.quoteTimeMs();
    }
    long stream = Math.max(book.streamTimeMs(), update.eventTimeMs());
    return VenueState.beforeWindow(update.eventTimeMs(), stream, config);
  }

  private Price toPrice(String asset, Consolidation c) {
    Price.Builder price =
        Price.newBuilder()
            .setKey(asset)
            .setQuote(USD)
            .setPrice(Decimals.of(c.price()))
            .setSpreadBps(c.spreadBps())
            .setEventTime(Times.fromMillis(c.eventTimeMs()))
            .setComputeTime(Times.fromMillis(context.currentSystemTimeMs()));
    for (Contribution v : c.venues()) {
      price.addVenues(
          VenueContribution.newBuilder()
              .setInstrument(v.instrument())
              .setPrice(Decimals.of(v.usdPrice()))
              .setVolume(Decimals.of(v.volume()))
              .setLastUpdate(Times.fromMillis(v.lastUpdateMs())));
    }
    return price.build();
  }
}
