package dev.prism.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.client.oidc.authentication.logout.LogoutTokenClaimNames;
import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionInformation;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionRegistry;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The provider sessions behind Prism's web sessions, shared by every instance (profile {@code distributed}): per web
 * session a hash {@code prism:web:oidc-sessions:session:<session id>} of ids only — issuer, subject, provider session
 * id ({@code sid}), audience; no token, no CSRF token — indexed by two sets of session ids,
 * {@code ...:sid:<SHA-256 of issuer and sid>} and {@code ...:sub:<SHA-256 of issuer and subject>}. Everything expires
 * {@code prism.web.oidc.session-max-lifetime} after the login, when the web session cannot live on anyway: Spring
 * Session's Redis repository publishes no event when a session ends (spring-security#16629), so nothing else would
 * remove the entry of a session that expired or logged out; a logout token naming such a session finds an id whose
 * session is gone, which ends nothing.
 */
final class RedisOidcSessionRegistry implements OidcSessionRegistry {

	static final String PREFIX = "prism:web:oidc-sessions:";

	private static final String ISSUER = "iss";

	private static final String SUBJECT = "sub";

	private static final String SESSION = "sid";

	private static final String AUDIENCE = "aud";

	private final StringRedisTemplate redis;

	private final Duration timeToLive;

	RedisOidcSessionRegistry(StringRedisTemplate redis, Duration timeToLive) {
		this.redis = redis;
		this.timeToLive = timeToLive;
	}

	@Override
	public void saveSessionInformation(OidcSessionInformation info) {
		OidcUser user = info.getPrincipal();
		String issuer = String.valueOf(user.getIssuer());
		String sid = user.getClaimAsString(LogoutTokenClaimNames.SID);
		List<String> audience = user.getAudience() == null ? List.of() : user.getAudience();
		List<String> args = new ArrayList<>(List.of(Long.toString(this.timeToLive.toMillis()), info.getSessionId(),
				ISSUER, issuer, SUBJECT, user.getSubject(), AUDIENCE, String.join(" ", audience)));
		if (sid != null) {
			args.add(SESSION);
			args.add(sid);
		}
		String entry = entryKey(info.getSessionId());
		List<String> indexes = sid == null ? List.of(subKey(issuer, user.getSubject()))
				: List.of(sidKey(issuer, sid), subKey(issuer, user.getSubject()));
		Map<String, String> fields = new java.util.LinkedHashMap<>();
		for (int i = 2; i < args.size(); i += 2) {
			fields.put(args.get(i), args.get(i + 1));
		}
		// One round trip of single-key commands (not a script over keys in several slots, which Redis Cluster refuses)
		this.redis.executePipelined(new SessionCallback<Object>() {

			// A pipeline's callback must answer null (the pipeline's results replace it), whatever the interface says.
			@Override
			@SuppressWarnings({ "unchecked", "NullAway" })
			public <K, V> Object execute(RedisOperations<K, V> operations) {
				RedisOperations<String, String> redis = (RedisOperations<String, String>) operations;
				redis.delete(entry);
				redis.opsForHash().putAll(entry, fields);
				redis.expire(entry, RedisOidcSessionRegistry.this.timeToLive);
				for (String index : indexes) {
					redis.opsForSet().add(index, info.getSessionId());
					redis.expire(index, RedisOidcSessionRegistry.this.timeToLive);
				}
				return null;
			}

		});
	}

	@Override
	public @Nullable OidcSessionInformation removeSessionInformation(String clientSessionId) {
		Map<String, String> entry = entry(clientSessionId);
		if (entry == null) {
			return null;
		}
		remove(clientSessionId, entry);
		return information(clientSessionId, entry);
	}

	@Override
	public Iterable<OidcSessionInformation> removeSessionInformation(OidcLogoutToken logoutToken) {
		String issuer = logoutToken.getIssuer().toString();
		String sid = logoutToken.getSessionId();
		String subject = logoutToken.getSubject();
		String index = sid != null ? sidKey(issuer, sid) : subject != null ? subKey(issuer, subject) : null;
		if (index == null) {
			return List.of();
		}
		Set<String> sessionIds = this.redis.opsForSet().members(index);
		List<OidcSessionInformation> removed = new ArrayList<>();
		for (String sessionId : sessionIds == null ? Set.<String>of() : sessionIds) {
			Map<String, String> entry = entry(sessionId);
			if (entry == null) {
				// Expired: the set outlived it
				this.redis.opsForSet().remove(index, sessionId);
			}
			else if (matches(entry, issuer, sid, subject, logoutToken.getAudience())) {
				remove(sessionId, entry);
				removed.add(information(sessionId, entry));
			}
		}
		return removed;
	}

	private static boolean matches(Map<String, String> entry, String issuer, @Nullable String sid,
			@Nullable String subject, @Nullable List<String> audience) {
		boolean who = sid != null ? sid.equals(entry.get(SESSION)) : subject != null && subject.equals(entry.get(SUBJECT));
		List<String> entryAudience = List.of(entry.getOrDefault(AUDIENCE, "").split(" "));
		return who && issuer.equals(entry.get(ISSUER)) && audience != null
				&& !Collections.disjoint(audience, entryAudience);
	}

	private @Nullable Map<String, String> entry(String sessionId) {
		Map<Object, Object> stored = this.redis.opsForHash().entries(entryKey(sessionId));
		if (stored.isEmpty()) {
			return null;
		}
		Map<String, String> entry = new LinkedHashMap<>();
		stored.forEach((key, value) -> entry.put(String.valueOf(key), String.valueOf(value)));
		return entry;
	}

	private void remove(String sessionId, Map<String, String> entry) {
		this.redis.delete(entryKey(sessionId));
		String issuer = entry.getOrDefault(ISSUER, "");
		String sid = entry.get(SESSION);
		if (sid != null) {
			this.redis.opsForSet().remove(sidKey(issuer, sid), sessionId);
		}
		this.redis.opsForSet().remove(subKey(issuer, entry.getOrDefault(SUBJECT, "")), sessionId);
	}

	private static OidcSessionInformation information(String sessionId, Map<String, String> entry) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put(IdTokenClaimNames.ISS, entry.getOrDefault(ISSUER, ""));
		claims.put(IdTokenClaimNames.SUB, entry.getOrDefault(SUBJECT, ""));
		claims.put(IdTokenClaimNames.AUD, List.of(entry.getOrDefault(AUDIENCE, "").split(" ")));
		if (entry.get(SESSION) != null) {
			claims.put(LogoutTokenClaimNames.SID, entry.get(SESSION));
		}
		return new OidcSessionInformation(sessionId, Map.of(), WebOidcSessionRegistration.idsOnly(claims));
	}

	private static String entryKey(String sessionId) {
		return PREFIX + "session:" + sessionId;
	}

	static String sidKey(String issuer, String sid) {
		return PREFIX + "sid:" + sha256(issuer + "\n" + sid);
	}

	static String subKey(String issuer, String subject) {
		return PREFIX + "sub:" + sha256(issuer + "\n" + subject);
	}

	private static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
