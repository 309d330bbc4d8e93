package dev.sextant.ingest.market.binance;

import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.RestFrame;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.ingest.market.testkit.RecordingControl;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** A live session wired to a {@link BinanceSimulator}, keeping every frame as a capture line. */
final class SimulatedFeed {

  // Subscribe frames go to the simulator and its frames come back; each snapshot fetch is answered
  // right after the frame that asked for it. Lines are <epoch_nanos>\t<frame>.

  final BinanceSimulator simulator;
  final RecordingOutput output = new RecordingOutput();
  final RecordingControl control = new RecordingControl();
  final ProtocolSession session;
  final List<String> lines = new ArrayList<>();
  boolean answerFetches = true;
  private int answered;
  private long clock;

  SimulatedFeed(
      BinanceProtocol protocol, BinanceSimulator simulator, List<Instrument> instruments) {
    this.simulator = simulator;
    ConnectionPlan plan = protocol.plan(protocol.defaultEndpoint(), instruments).getFirst();
    this.session =
        protocol.newSession(
            new SessionContext(
                plan, protocol.defaultRestEndpoint(), Registry.loadDefault(), output, control));
  }

  /** Opens (or reopens) the connection and delivers the subscribe answers. */
  void open() {
    clock = Math.max(clock, simulator.lastFrameNanos()) + 1_000;
    for (String subscribe : session.onOpen(clock)) {
      for (String answer : simulator.afterSubscribe(subscribe)) {
        deliver(answer);
      }
    }
  }

  /** Delivers the simulator's next {@code count} frames. */
  void run(int count) {
    for (int i = 0; i < count; i++) {
      String frame = simulator.nextFrame();
      clock = Math.max(clock + 1, simulator.lastFrameNanos());
      deliver(frame);
    }
  }

  /**
   * Delivers the rest of the simulator's current step, so its books hold nothing the session has
   * not seen.
   */
  void drain() {
    while (simulator.hasPending()) {
      run(1);
    }
  }

  /** Delivers frames until the simulator's clock passes {@code epochNanos}. */
  void runUntil(long epochNanos) {
    while (clock < epochNanos) {
      run(1);
    }
  }

  /** Delivers one frame at the current time, then answers the fetches it caused. */
  void deliver(String frame) {
    lines.add(clock + "\t" + frame);
    session.onFrame(frame, clock);
    if (answerFetches) {
      answerFetches();
    }
  }

  /** Answers every snapshot fetch not answered yet. */
  void answerFetches() {
    while (answered < control.fetched.size()) {
      URI uri = control.fetched.get(answered++);
      RestFrame answer = simulator.restAnswer(uri);
      clock += 1_000;
      deliver(answer.encode());
    }
  }
}
