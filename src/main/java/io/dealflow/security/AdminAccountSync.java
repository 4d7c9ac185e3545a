package io.dealflow.security;

import io.dealflow.RequiredSettings;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes {@code DEALFLOW_ADMIN_PASSWORD} the administrator's password on every start. Camunda creates the account
 * only when it does not exist yet, so without this a database that first ran with admin/admin (or with an older
 * password) would keep accepting it after the variable was changed. A restart also unlocks the account, which
 * Camunda locks after repeated failed logins - otherwise a stranger could lock out the only administrator.
 *
 * <p>Taking {@link RequiredSettings} makes Spring check the settings before the engine is built: a refused
 * password never reaches the database.
 */
@Component
public class AdminAccountSync extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(AdminAccountSync.class);

    private final AdminUserSettings admin;

    public AdminAccountSync(AdminUserSettings admin, RequiredSettings checkedFirst) {
        this.admin = admin;
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine processEngine) {
        IdentityService identity = processEngine.getIdentityService();
        User user = identity.createUserQuery().userId(admin.getId()).singleResult();
        if (user == null) {
            // first start: Camunda's admin-user configuration creates it with this password and group
            return;
        }
        try {
            user.setPassword(admin.getPassword());
            identity.saveUser(user);
            identity.unlockUser(user.getId());
            boolean member = identity.createGroupQuery().groupId(Groups.CAMUNDA_ADMIN).groupMember(user.getId())
                    .count() > 0;
            boolean groupExists = identity.createGroupQuery().groupId(Groups.CAMUNDA_ADMIN).count() > 0;
            if (groupExists && !member) {
                identity.createMembership(user.getId(), Groups.CAMUNDA_ADMIN);
            }
            log.info("Administrator account '{}': password set from DEALFLOW_ADMIN_PASSWORD", user.getId());
        } catch (OptimisticLockingException e) {
            log.info("Administrator account '{}': another node is setting its password at the same time",
                    user.getId());
        }
    }
}
