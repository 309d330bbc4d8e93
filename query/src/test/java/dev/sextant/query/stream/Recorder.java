package dev.sextant.query.stream;

import dev.sextant.schemas.query.v1.SubscribeRequest;
import dev.sextant.schemas.query.v1.Update;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test client of Subscribe that records what it receives, with automatic or manual demand. */
final class Recorder implements ClientResponseObserver<SubscribeRequest, Update> {

  final List<Update> updates = new CopyOnWriteArrayList<>();
  final CompletableFuture<Status> status = new CompletableFuture<>();
  volatile Metadata trailers;
  private final int initialRequests;
  private volatile ClientCallStreamObserver<SubscribeRequest> call;

  private Recorder(int initialRequests) {
    this.initialRequests = initialRequests;
  }

  /** A client that reads as fast as updates come. */
  static Recorder fast() {
    return new Recorder(-1);
  }

  /** A client that reads only what it asks for, starting with {@code initialRequests}. */
  static Recorder slow(int initialRequests) {
    return new Recorder(initialRequests);
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
    call = requestStream;
    if (initialRequests >= 0) {
      requestStream.disableAutoRequestWithInitial(initialRequests);
    }
  }

  void request(int count) {
    call.request(count);
  }

  void cancel() {
    call.cancel("client went away", null);
  }

  @Override
  public void onNext(Update update) {
    updates.add(update);
  }

  @Override
  public void onError(Throwable t) {
    trailers = Status.trailersFromThrowable(t);
    status.complete(Status.fromThrowable(t));
  }

  @Override
  public void onCompleted() {
    status.complete(Status.OK);
  }
}
