package dev.sextant.ingest.market.testing;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.GapKind;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Trade;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link MarketOutput} that keeps everything, written by a feed's pump and read by tests. */
public final class CollectingOutput implements MarketOutput {

  /** A dead letter. */
  public record DeadLetter(ErrorKind kind, String error) {}

  /**
   * A reported gap.
   *
   * @param books how many book records had been published when it was reported
   */
  public record Gap(String instrument, GapKind kind, String detail, int books) {}

  private final List<Trade> trades = new ArrayList<>();
  private final List<Quote> quotes = new ArrayList<>();
  private final List<BookUpdate> books = new ArrayList<>();
  private final List<DeadLetter> deadLetters = new ArrayList<>();
  private final List<Gap> gaps = new ArrayList<>();
  private final List<String> resynced = new ArrayList<>();

  @Override
  public synchronized void trade(Trade trade) {
    trades.add(trade);
  }

  @Override
  public synchronized void quote(Quote quote) {
    quotes.add(quote);
  }

  @Override
  public synchronized void book(BookUpdate update) {
    books.add(update);
  }

  @Override
  public synchronized void deadLetter(ErrorKind kind, String error) {
    deadLetters.add(new DeadLetter(kind, error));
  }

  @Override
  public synchronized void gap(String instrument, GapKind kind, String detail) {
    gaps.add(new Gap(instrument, kind, detail, books.size()));
  }

  @Override
  public synchronized void resynced(String instrument) {
    resynced.add(instrument);
  }

  @Override
  public void ignored(String type) {}

  public synchronized List<Trade> trades() {
    return List.copyOf(trades);
  }

  public synchronized List<Quote> quotes() {
    return List.copyOf(quotes);
  }

  public synchronized List<BookUpdate> books() {
    return List.copyOf(books);
  }

  public synchronized List<DeadLetter> deadLetters() {
    return List.copyOf(deadLetters);
  }

  public synchronized List<Gap> gaps() {
    return List.copyOf(gaps);
  }

  public synchronized List<String> resynced() {
    return List.copyOf(resynced);
  }

  /** Dead letters so far, counted by kind. */
  public synchronized Map<ErrorKind, Integer> deadLettersByKind() {
    Map<ErrorKind, Integer> counts = new EnumMap<>(ErrorKind.class);
    deadLetters.forEach(d -> counts.merge(d.kind(), 1, Integer::sum));
    return counts;
  }

  /**
   * The first book record of {@code instrument} published after {@code gap} was reported, if any.
   */
  public synchronized java.util.Optional<BookUpdate> firstBookAfter(Gap gap) {
    return books.subList(gap.books(), books.size()).stream()
        .filter(b -> b.getInstrument().equals(gap.instrument()))
        .findFirst();
  }

  /** The books a consumer rebuilds from the published records, by instrument. */
  public synchronized Map<String, OrderBook> rebuiltBooks() {
    Map<String, OrderBook> rebuilt = new LinkedHashMap<>();
    for (BookUpdate update : books) {
      rebuilt.computeIfAbsent(update.getInstrument(), k -> new OrderBook()).apply(update);
    }
    return rebuilt;
  }
}
