package dev.sextant.ingest.market.feed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameAssemblerTest {

  @Test
  void shouldReturnAWholeMessageInOnePart() {
    FrameAssembler assembler = new FrameAssembler(1024);
    FrameAssembler.Message message = assembler.add("{\"n\":1}", true);
    assertThat(message.text()).isEqualTo("{\"n\":1}");
    assertThat(message.bytes()).isEqualTo(7);
    assertThat(message.oversized()).isFalse();
  }

  @Test
  void shouldJoinParts() {
    FrameAssembler assembler = new FrameAssembler(1024);
    assertThat(assembler.add("{\"n\":", false)).isNull();
    assertThat(assembler.add("12", false)).isNull();
    assertThat(assembler.add("}", true).text()).isEqualTo("{\"n\":12}");
    assertThat(assembler.add("next", true).text()).isEqualTo("next");
  }

  @Test
  void shouldKeepOnlyTheHeadOfAnOversizedMessageAndCarryOn() {
    FrameAssembler assembler = new FrameAssembler(2048);
    String part = "a".repeat(1500);
    assembler.add("{" + part, false);
    assembler.add(part, false);
    FrameAssembler.Message big = assembler.add(part + "}", true);
    assertThat(big.oversized()).isTrue();
    assertThat(big.bytes()).isEqualTo(3 * 1500 + 2);
    assertThat(big.head()).hasSize(FrameAssembler.HEAD_CHARS).startsWith("{aaa");

    assertThat(assembler.add("{\"n\":3}", true).text()).isEqualTo("{\"n\":3}");
  }

  @Test
  void shouldBoundASingleLargePart() {
    FrameAssembler assembler = new FrameAssembler(1024);
    FrameAssembler.Message big = assembler.add("b".repeat(5000), true);
    assertThat(big.oversized()).isTrue();
    assertThat(big.bytes()).isEqualTo(5000);
    assertThat(big.head()).hasSize(FrameAssembler.HEAD_CHARS);
  }

  @Test
  void shouldAcceptAMessageOfExactlyTheBound() {
    FrameAssembler assembler = new FrameAssembler(1024);
    assembler.add("c".repeat(1000), false);
    assertThat(assembler.add("c".repeat(24), true).text()).hasSize(1024);
  }

  @Test
  void shouldCountUtf8Bytes() {
    assertThat(FrameAssembler.utf8Length("aé€")).isEqualTo(1 + 2 + 3);
    assertThat(FrameAssembler.utf8Length("😀")).isEqualTo(4);
  }
}
