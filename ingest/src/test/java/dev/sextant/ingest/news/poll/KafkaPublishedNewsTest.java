package dev.sextant.ingest.news.poll;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The read-back's failure when no broker answers; reads themselves are covered by the IT. */
class KafkaPublishedNewsTest {

  @Test
  void shouldBeUnavailableWithinItsDeadlineWhenNoBrokerAnswers() throws IOException {
    String bootstrap;
    try (ServerSocket socket = new ServerSocket(0)) {
      bootstrap = "127.0.0.1:" + socket.getLocalPort();
    }
    KafkaPublishedNews published = new KafkaPublishedNews(bootstrap, Duration.ofSeconds(1));

    assertThatThrownBy(published::items)
        .isInstanceOf(PublishedNews.Unavailable.class)
        .hasMessageContaining("news.items.v1")
        .hasMessageContaining("took over PT1S");
  }
}
