-- Who is who in a team workspace: each member connects as their own PostgreSQL login, mapped here to a person of
-- the people directory. The server, not the client, says who made a change: an audit event appended by a member
-- must name the person their login is mapped to, and a login mapped to no one cannot append at all.
-- The workspace's owner (who ran `runsheet workspace init`) and superusers are not members: they set the workspace
-- up and copy trails in verbatim (`runsheet workspace push`), so their events keep the names they carry.

CREATE TABLE members (
    login      TEXT PRIMARY KEY,
    person_id  BIGINT NOT NULL REFERENCES people (id),
    admin      BOOLEAN NOT NULL DEFAULT FALSE,
    added_at   TEXT NOT NULL
);

-- Whether `login` is the workspace's owner or a superuser, and so acts outside the members' rules.
CREATE FUNCTION runsheet_is_owner(login NAME) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login AND rolsuper)
        OR login = (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database())
$$;

CREATE FUNCTION runsheet_actor_is_session_user() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    person TEXT;
BEGIN
    IF runsheet_is_owner(session_user) THEN
        RETURN NEW;
    END IF;
    SELECT p.name INTO person FROM members m JOIN people p ON p.id = m.person_id WHERE m.login = session_user;
    IF person IS NULL THEN
        RAISE EXCEPTION 'the login % is not mapped to a person of this workspace, so it cannot change anything',
            session_user USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.actor <> person THEN
        RAISE EXCEPTION 'the login % is %, so it cannot record a change by %', session_user, person, NEW.actor
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER audit_events_actor_is_session_user BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION runsheet_actor_is_session_user();
