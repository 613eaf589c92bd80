package dev.prism.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * A WireMock extension that holds the answers of the stubs naming it ({@code withTransformers(HeldResponses.NAME)})
 * until the test releases them: a test then knows a call is in flight, instead of hoping a fixed delay lasts long
 * enough on a busy machine. Register one with {@code options().extensions(held)}; {@link #reset()} between tests.
 */
public final class HeldResponses implements ResponseDefinitionTransformerV2 {

	public static final String NAME = "held";

	/** How long an answer is held at most, so a failed test never leaves a server thread waiting for ever. */
	private static final long LONGEST_HOLD_SECONDS = 60;

	/** How long {@link #awaitArrivals(int)} waits at most: far longer than a call needs to arrive on a busy machine. */
	private static final long LONGEST_WAIT_SECONDS = 20;

	private final Semaphore arrived = new Semaphore(0);

	private volatile CountDownLatch released = new CountDownLatch(1);

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public boolean applyGlobally() {
		return false;
	}

	@Override
	public ResponseDefinition transform(ServeEvent serveEvent) {
		CountDownLatch release = this.released;
		this.arrived.release();
		try {
			release.await(LONGEST_HOLD_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return serveEvent.getResponseDefinition();
	}

	/** Waits until {@code count} more calls have arrived and are being held (or were let through once released). */
	public void awaitArrivals(int count) throws InterruptedException {
		if (!this.arrived.tryAcquire(count, LONGEST_WAIT_SECONDS, TimeUnit.SECONDS)) {
			throw new AssertionError("Fewer than " + count + " held calls arrived within " + LONGEST_WAIT_SECONDS + " s");
		}
	}

	/** Lets the held answers go, and every later one through at once. */
	public void release() {
		this.released.countDown();
	}

	/** Releases what is held, forgets the arrivals and holds again from now on. */
	public void reset() {
		release();
		this.arrived.drainPermits();
		this.released = new CountDownLatch(1);
	}

}
