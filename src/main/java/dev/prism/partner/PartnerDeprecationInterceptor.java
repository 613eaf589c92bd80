package dev.prism.partner;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/** Adds the deprecation headers of {@link PartnerDeprecation} to the answers of deprecated endpoints. */
class PartnerDeprecationInterceptor implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (handler instanceof HandlerMethod method) {
			PartnerDeprecation deprecation = method.getMethodAnnotation(PartnerDeprecation.class);
			if (deprecation != null) {
				long since = LocalDate.parse(deprecation.since()).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
				response.setHeader("Deprecation", "@" + since);
				response.setHeader("Sunset", DateTimeFormatter.RFC_1123_DATE_TIME
					.format(LocalDate.parse(deprecation.sunset()).atStartOfDay().atOffset(ZoneOffset.UTC)));
				response.setHeader("Link", "<" + deprecation.successor() + ">; rel=\"successor-version\"");
			}
		}
		return true;
	}

}
