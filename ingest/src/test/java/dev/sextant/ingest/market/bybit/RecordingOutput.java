package dev.sextant.ingest.market.bybit;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FeedControl;
import dev.sextant.ingest.market.GapKind;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Trade;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Keeps everything a session emits and every request it makes, for assertions. */
final class RecordingOutput implements MarketOutput, FeedControl {

  record DeadLetter(ErrorKind kind, String error) {}

  record Gap(String instrument, GapKind kind, String detail) {}

  final List<Trade> trades = new ArrayList<>();
  final List<Quote> quotes = new ArrayList<>();
  final List<BookUpdate> books = new ArrayList<>();
  final List<DeadLetter> deadLetters = new ArrayList<>();
  final List<Gap> gaps = new ArrayList<>();
  final List<String> resynced = new ArrayList<>();
  final Map<String, Integer> ignored = new TreeMap<>();
  final List<String> sent = new ArrayList<>();
  final List<URI> fetched = new ArrayList<>();
  final List<String> reconnects = new ArrayList<>();

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

  @Override
  public void send(String frame) {
    sent.add(frame);
  }

  @Override
  public void fetch(URI uri) {
    fetched.add(uri);
  }

  @Override
  public void reconnect(String reason) {
    reconnects.add(reason);
  }

  /** The books a consumer rebuilds from the published records, by instrument. */
  Map<String, OrderBook> rebuiltBooks() {
    Map<String, OrderBook> rebuilt = new HashMap<>();
    for (BookUpdate update : books) {
      rebuilt.computeIfAbsent(update.getInstrument(), k -> new OrderBook()).apply(update);
    }
    return rebuilt;
  }

  /** Forgets what was recorded so far. */
  void clear() {
    trades.clear();
    quotes.clear();
    books.clear();
    deadLetters.clear();
    gaps.clear();
    resynced.clear();
    ignored.clear();
    sent.clear();
    fetched.clear();
    reconnects.clear();
  }
}
