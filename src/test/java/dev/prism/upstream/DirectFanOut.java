package dev.prism.upstream;

/** A {@link FanOut} for tests without the upstream module: every branch runs at once, on the thread that forks it. */
public final class DirectFanOut {

	private DirectFanOut() {
	}

	/** Never used: a branch that runs at once is done before it could be given a timeout. */
	private static final UpstreamTimeouts TIMEOUTS = new UpstreamTimeouts();

	public static FanOut create() {
		return new FanOut(Runnable::run, TIMEOUTS);
	}

}
