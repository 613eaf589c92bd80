package dev.prism.platform.problem;

import org.apache.catalina.core.StandardHost;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one problem-detail writer, and Tomcat's own error pages (requests rejected before any filter) through it. */
@Configuration(proxyBeanMethods = false)
class ProblemConfiguration {

	@Bean
	ProblemResponseWriter problemResponseWriter(JsonMapper jsonMapper) {
		return new ProblemResponseWriter(jsonMapper);
	}

	/**
	 * Tomcat's error report valve, as an instance on the host: the host finds a valve of its configured class already
	 * in its pipeline and adds none of its own.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve(ProblemResponseWriter writer) {
		return factory -> factory.addContextCustomizers(context -> {
			if (context.getParent() instanceof StandardHost host
					&& !ProblemErrorReportValve.class.getName().equals(host.getErrorReportValveClass())) {
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
				host.getPipeline().addValve(new ProblemErrorReportValve(writer));
			}
		});
	}

}
