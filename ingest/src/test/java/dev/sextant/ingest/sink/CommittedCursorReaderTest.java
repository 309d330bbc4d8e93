package dev.sextant.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** The reader's deadline, against a port where no broker answers; reads are covered by the IT. */
class CommittedCursorReaderTest {

  private static String deadAddress() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "127.0.0.1:" + socket.getLocalPort();
    }
  }

  @Test
  void shouldGiveUpWithinOneDeadlineWhenNoBrokerAnswers() throws IOException {
    String bootstrap = deadAddress();
    long start = System.nanoTime();

    assertThatThrownBy(() -> CommittedCursorReader.read(bootstrap, "s", Duration.ofSeconds(1)))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("took over PT1S");

    // One second for the read, one to close each client: never a client default (60 s) more.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
  }
}
