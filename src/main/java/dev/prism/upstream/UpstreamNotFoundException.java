package dev.prism.upstream;

import dev.prism.platform.problem.NotFoundException;

/** The upstream service does not know the requested resource (its 404). */
public class UpstreamNotFoundException extends NotFoundException {

	public UpstreamNotFoundException(String detail) {
		super(detail);
	}

}
