package dev.prism.web;

/**
 * Ends a web session by its id, from any request (a back-channel logout has no cookie of the session it ends): in
 * Spring Session's repository in profile {@code distributed}, so on every instance; else among this instance's servlet
 * sessions.
 */
interface WebSessionsById {

	/** Ends the session {@code sessionId}: whether there was one to end. */
	boolean end(String sessionId);

}
