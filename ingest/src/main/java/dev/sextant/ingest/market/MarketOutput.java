package dev.sextant.ingest.market;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Trade;

/**
 * Receives what a {@link ProtocolSession} decodes from the frame it is handling. Calls happen on
 * the session's thread, during {@link ProtocolSession#onFrame}; the caller knows the frame, so a
 * dead letter needs only the reason.
 */
public interface MarketOutput {

  /** A trade, not seen before on this feed (sessions dedupe by venue trade id). */
  void trade(Trade trade);

  /** A best bid and ask. */
  void quote(Quote quote);

  /** A book snapshot or delta; a snapshot tells consumers to reset the instrument's book. */
  void book(BookUpdate update);

  /**
   * The current frame, or a part of it, could not be used: it goes to the dead-letter topic with
   * {@code error}. The rest of the frame and the connection carry on.
   */
  void deadLetter(ErrorKind kind, String error);

  /**
   * A sequence gap or checksum mismatch on {@code instrument}: the session stops publishing that
   * book and asks for a fresh snapshot.
   */
  void gap(String instrument, GapKind kind, String detail);

  /** The book of {@code instrument} was rebuilt from a fresh snapshot after a gap. */
  void resynced(String instrument);

  /**
   * A well-formed frame of a known kind that carries no record (subscription acks, heartbeats,
   * pongs, channels Sextant does not publish). Counted by {@code type}, a small fixed set per
   * protocol.
   */
  void ignored(String type);

  /** An output that drops everything, for recording (the frames are what is kept). */
  MarketOutput DISCARD =
      new MarketOutput() {
        @Override
        public void trade(Trade trade) {}

        @Override
        public void quote(Quote quote) {}

        @Override
        public void book(BookUpdate update) {}

        @Override
        public void deadLetter(ErrorKind kind, String error) {}

        @Override
        public void gap(String instrument, GapKind kind, String detail) {}

        @Override
        public void resynced(String instrument) {}

        @Override
        public void ignored(String type) {}
      };
}
