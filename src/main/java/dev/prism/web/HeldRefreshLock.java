package dev.prism.web;

/** A session's refresh lock ({@link WebTokenRefreshLocks}), held until {@link #close()}. */
interface HeldRefreshLock extends AutoCloseable {

	@Override
	void close();

}
