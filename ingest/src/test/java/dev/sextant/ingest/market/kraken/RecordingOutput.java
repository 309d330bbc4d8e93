package dev.sextant.ingest.market.kraken;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.GapKind;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Trade;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Keeps everything a session emits, and rebuilds each book from the published records. */
final class RecordingOutput implements MarketOutput {

  record DeadLetter(ErrorKind kind, String error) {}

  record Gap(String instrument, GapKind kind, String detail) {}

  final List<Trade> trades = new ArrayList<>();
  final List<Quote> quotes = new ArrayList<>();
  final List<BookUpdate> books = new ArrayList<>();
  final List<DeadLetter> deadLetters = new ArrayList<>();
  final List<Gap> gaps = new ArrayList<>();
  final List<String> resynced = new ArrayList<>();
  final TreeMap<String, Integer> ignored = new TreeMap<>();
  final Map<String, OrderBook> rebuilt = new HashMap<>();

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

  long count(BookUpdate.Kind kind) {
    return books.stream().filter(b -> b.getKind() == kind).count();
  }
}
