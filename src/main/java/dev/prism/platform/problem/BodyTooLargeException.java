package dev.prism.platform.problem;

import java.io.IOException;

/** A request body that grew past the limit while being read: a 413 problem, wherever the read happened. */
public final class BodyTooLargeException extends IOException {

	public BodyTooLargeException() {
		super("Request body too large");
	}

}
