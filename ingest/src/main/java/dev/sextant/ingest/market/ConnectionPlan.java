package dev.sextant.ingest.market;

import dev.sextant.schemas.registry.Instrument;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One WebSocket connection a feed keeps open.
 *
 * @param label names the connection in captures ({@code <epoch_nanos>@<label>\t<frame>}); empty
 *     when the protocol uses a single connection kind. Lowercase letters, digits and '-'.
 * @param endpoint the WebSocket URI to connect to
 * @param instruments the instruments subscribed on it; empty means every instrument the frames name
 *     (replay and parse of a capture)
 */
public record ConnectionPlan(String label, URI endpoint, List<Instrument> instruments) {

  private static final Pattern LABEL = Pattern.compile("|[a-z0-9][a-z0-9-]{0,31}");

  public ConnectionPlan {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(endpoint, "endpoint");
    instruments = List.copyOf(instruments);
    if (!LABEL.matcher(label).matches()) {
      throw new IllegalArgumentException(
          "bad connection label '" + label + "': lowercase letters, digits and '-', at most 32");
    }
  }
}
