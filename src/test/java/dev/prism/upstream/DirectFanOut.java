package dev.prism.upstream;

/** A {@link FanOut} for tests without the upstream module: every branch runs at once, on the thread that forks it. */
public final class DirectFanOut {

	private DirectFanOut() {
	}

	public static FanOut create() {
		return new FanOut(Runnable::run);
	}

}
