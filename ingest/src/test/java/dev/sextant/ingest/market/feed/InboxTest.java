package dev.sextant.ingest.market.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.market.feed.FeedEvent.Rest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboxTest {

  private static Rest event(String text) {
    return new Rest(null, text, 0);
  }

  private static String text(FeedEvent event) {
    return ((Rest) event).frame();
  }

  @Test
  void shouldParkWhenFullAndResumeInOrderAsThePumpMakesRoom() throws InterruptedException {
    Inbox inbox = new Inbox(2, Long.MAX_VALUE);
    List<String> resumed = new ArrayList<>();
    assertThat(inbox.offer(event("a"), () -> resumed.add("a"))).isTrue();
    assertThat(inbox.offer(event("b"), () -> resumed.add("b"))).isTrue();
    assertThat(inbox.offer(event("c"), () -> resumed.add("c"))).isFalse();
    assertThat(inbox.offer(event("d"), () -> resumed.add("d"))).isFalse();
    assertThat(inbox.depth()).isEqualTo(4);

    assertThat(text(inbox.poll(0))).isEqualTo("a");
    assertThat(resumed).containsExactly("c");
    assertThat(text(inbox.poll(0))).isEqualTo("b");
    assertThat(resumed).containsExactly("c", "d");
    assertThat(text(inbox.poll(0))).isEqualTo("c");
    assertThat(text(inbox.poll(0))).isEqualTo("d");
    assertThat(inbox.poll(0)).isNull();
    assertThat(inbox.depth()).isZero();
  }

  @Test
  void shouldQueueBehindParkedEventsToKeepArrivalOrder() throws InterruptedException {
    Inbox inbox = new Inbox(100, 200);
    assertThat(inbox.offer(event("x".repeat(60)), () -> {})).isTrue();
    assertThat(inbox.offer(event("y".repeat(60)), () -> {})).isFalse();
    // Small enough to fit, but behind a parked one.
    assertThat(inbox.offer(event("z"), () -> {})).isFalse();

    List<String> order = new ArrayList<>();
    for (FeedEvent e = inbox.poll(0); e != null; e = inbox.poll(0)) {
      order.add(text(e).substring(0, 1));
    }
    assertThat(order).containsExactly("x", "y", "z");
  }

  @Test
  void shouldAcceptOneOversizedEventIntoAnEmptyQueue() {
    Inbox inbox = new Inbox(10, 100);
    assertThat(inbox.offer(event("w".repeat(1000)), () -> {})).isTrue();
    assertThat(inbox.offer(event("v"), () -> {})).isFalse();
  }

  @Test
  void shouldRefuseEverythingOnceClosed() throws InterruptedException {
    Inbox inbox = new Inbox(10, 1000);
    inbox.offer(event("a"), () -> {});
    inbox.close();
    assertThat(inbox.offer(event("b"), () -> {})).isFalse();
    assertThat(inbox.poll(1_000_000_000L)).isNull();
  }
}
