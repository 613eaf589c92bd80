package dev.prism.platform;

import java.time.Duration;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.prism.platform.request.Deadline;
import dev.prism.platform.request.RequestContext;

/**
 * The {@link RequestContext} the platform's filters open around every handler, open on the benchmark thread for each
 * iteration (outside the measurement): without it {@link RequestContext#current()} would make up a background context,
 * with a random request id, on every call. Its deadline is far away, so branches wait the timed way, as in production.
 */
@State(Scope.Thread)
public class OpenRequestContext {

	private RequestContext.Scope scope;

	@Setup(Level.Iteration)
	public void open() {
		this.scope = new RequestContext(RequestContext.newRequestId(), "benchmark", Deadline.in(Duration.ofHours(1)))
			.open();
	}

	@TearDown(Level.Iteration)
	public void close() {
		this.scope.close();
	}

}
