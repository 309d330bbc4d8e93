package dev.sextant.query.view;

import java.util.Optional;

/** Whether the views can answer queries now; the API services ask it on every call. */
@FunctionalInterface
public interface ViewStatus {

  /** The reason while the views are still being rebuilt. */
  String REBUILDING = "views are rebuilding from Kafka";

  /** Why the views cannot answer, in words fit for a client; empty when they can. */
  Optional<String> unavailable();

  /** Views that always answer, for tests and tools. */
  static ViewStatus ready() {
    return Optional::empty;
  }

  /** The reason once the views stopped updating for good because of {@code cause}. */
  static String stopped(Throwable cause) {
    String message = cause.getMessage();
    return "the price view stopped: "
        + (message == null || message.isBlank() ? cause.getClass().getSimpleName() : message);
  }
}
