package dev.sextant.ingest.market.testkit;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.GapKind;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Trade;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps everything a session emits, rebuilds each instrument's book from the records as a consumer
 * would, and (as its {@link RecordingControl}) what the session asks of its connection.
 */
public final class RecordingOutput extends RecordingControl implements MarketOutput {

  public record DeadLetter(ErrorKind kind, String error) {}

  public record Gap(String instrument, GapKind kind, String detail) {}

  public final List<Trade> trades = new ArrayList<>();
  public final List<Quote> quotes = new ArrayList<>();
  public final List<BookUpdate> books = new ArrayList<>();
  public final List<DeadLetter> deadLetters = new ArrayList<>();
  public final List<Gap> gaps = new ArrayList<>();
  public final List<String> resynced = new ArrayList<>();
  public final Map<String, Integer> ignored = new TreeMap<>();

  /** Books rebuilt as a consumer would, from the published snapshots and deltas. */
  public final Map<String, OrderBook> rebuilt = new TreeMap<>();

  @Override
  public void trade(Trade trade) {
    trades.add(trade);
  }

  @Override
  public void quote(Quote quote) {
    quotes.add(quote);
  }

  @Override
  public void book(BookUpdate update) {
    books.add(update);
    rebuilt.computeIfAbsent(update.getInstrument(), k -> new OrderBook()).apply(update);
  }

  @Override
  public void deadLetter(ErrorKind kind, String error) {
    deadLetters.add(new DeadLetter(kind, error));
  }

  @Override
  public void gap(String instrument, GapKind kind, String detail) {
    gaps.add(new Gap(instrument, kind, detail));
  }

  @Override
  public void resynced(String instrument) {
    resynced.add(instrument);
  }

  @Override
  public void ignored(String type) {
    ignored.merge(type, 1, Integer::sum);
  }

  /** How many book records of {@code kind} were published. */
  public long count(BookUpdate.Kind kind) {
    return books.stream().filter(b -> b.getKind() == kind).count();
  }

  /** The books a consumer rebuilds from the published records, by instrument. */
  public Map<String, OrderBook> rebuiltBooks() {
    return rebuilt;
  }

  /** Forgets what was recorded and asked so far. */
  @Override
  public void clear() {
    super.clear();
    trades.clear();
    quotes.clear();
    books.clear();
    deadLetters.clear();
    gaps.clear();
    resynced.clear();
    ignored.clear();
    rebuilt.clear();
  }
}
