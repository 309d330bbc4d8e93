package dev.sextant.streams.kstreams.price;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class MadFilterTest {

  private final MadFilter filter = new MadFilter(new BigDecimal("3"), new BigDecimal("10"));

  @Test
  void shouldNotRejectWithFewerThanThreeVenues() {
    List<Contribution> two = List.of(venue("a", "100"), venue("b", "200"));
    assertEquals(two, filter.keep(two));
  }

  @Test
  void shouldUseTheFloorWhenVenuesAgreeExactly() {
    // MAD is 0; the 10 bps floor (0.1 at 100) keeps a venue 0.05 away and rejects one 0.2 away.
    List<Contribution> venues =
        List.of(venue("a", "100"), venue("b", "100"), venue("c", "100.05"), venue("d", "100"));
    assertEquals(venues, filter.keep(venues));
    List<Contribution> far =
        List.of(venue("a", "100"), venue("b", "100"), venue("c", "100.2"), venue("d", "100"));
    assertEquals(List.of(far.get(0), far.get(1), far.get(3)), filter.keep(far));
  }

  @Test
  void shouldTakeTheMeanOfTheMiddleTwoForAnEvenCount() {
    assertEquals(
        new BigDecimal("2.5"),
        MadFilter.median(
            List.of(
                BigDecimal.ONE,
                BigDecimal.valueOf(4),
                BigDecimal.valueOf(2),
                BigDecimal.valueOf(3))));
  }

  private static Contribution venue(String name, String price) {
    return new Contribution(name, new BigDecimal(price), BigDecimal.ONE, 0);
  }
}
