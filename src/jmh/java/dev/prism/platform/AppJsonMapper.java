package dev.prism.platform;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link JsonMapper} Prism runs with: built by Spring Boot's own {@link JacksonAutoConfiguration} from Prism's
 * {@code application.yml} (e.g. {@code spring.jackson.default-property-inclusion: non_null}). Prism defines no Jackson
 * customizers of its own, so this is the mapper its RestClients read upstream answers with and Spring MVC writes
 * answers with.
 */
public final class AppJsonMapper {

	private AppJsonMapper() {
	}

	public static JsonMapper create() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(JacksonAutoConfiguration.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("logging.level.root=warn")
			.run()) {
			return context.getBean(JsonMapper.class);
		}
	}

}
