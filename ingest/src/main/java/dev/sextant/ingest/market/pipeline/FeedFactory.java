package dev.sextant.ingest.market.pipeline;

import dev.sextant.ingest.market.FeedConfig;
import dev.sextant.ingest.market.FrameListener;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.feed.ConnectionStatus;
import dev.sextant.ingest.market.feed.MarketFeed;
import dev.sextant.schemas.registry.Registry;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;

/** Creates the live connection layer of a feed; tests pass one that feeds frames by hand. */
@FunctionalInterface
public interface FeedFactory {

  /**
   * A feed of {@code config} that hands each frame to {@code listener} and then to its protocol
   * session, whose output goes to {@code output}.
   */
  LiveFeed create(
      MarketProtocol protocol,
      FeedConfig config,
      Registry registry,
      MarketOutput output,
      FrameListener listener,
      MeterRegistry meters);

  /** The WebSocket connection layer, {@code dev.sextant.ingest.market.feed.MarketFeed}. */
  static FeedFactory webSocket() {
    return (protocol, config, registry, output, listener, meters) -> {
      MarketFeed feed = new MarketFeed(protocol, config, registry, output, listener, meters);
      return new LiveFeed() {
        @Override
        public void start() {
          feed.start();
        }

        @Override
        public boolean isRunning() {
          return feed.isRunning();
        }

        @Override
        public Optional<Throwable> failure() {
          return feed.failure();
        }

        @Override
        public boolean isStopped() {
          return feed.isStopped();
        }

        @Override
        public void reconnectAll(String reason) {
          feed.reconnectAll(reason);
        }

        @Override
        public List<ConnectionStatus> status() {
          return feed.status();
        }

        @Override
        public void close() {
          feed.close();
        }
      };
    };
  }
}
