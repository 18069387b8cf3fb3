# What `cpack` puts in the lobby-kiosk .deb: both programs, the assets, the systemd units, the
# example settings as conffiles in /etc/lobby-kiosk, and the scripts that make the user
# `lobby` and its data folders (deploy/debian). Included from the top-level CMakeLists.txt.
set(LOBBY_SHARE share/lobby-kiosk)

install(TARGETS kiosk kiosk-hq RUNTIME DESTINATION bin)
# The kiosk finds them here from its own path (default_assets_dir in kiosk/app/main.cpp).
install(DIRECTORY assets/ DESTINATION ${LOBBY_SHARE}/assets)
install(FILES deploy/systemd/lobby-kiosk.service deploy/systemd/lobby-display.service
              deploy/systemd/kiosk-hq.service
        DESTINATION lib/systemd/system)
install(FILES deploy/systemd/lobby-kiosk.pam DESTINATION /etc/pam.d RENAME lobby-kiosk)
install(FILES deploy/nginx/kiosk-hq.conf DESTINATION ${LOBBY_SHARE}/nginx)

# Files under /etc are the branch's to edit: dpkg keeps their edits across upgrades.
set(lobby_conffiles /etc/pam.d/lobby-kiosk)
file(GLOB lobby_example_configs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/assets/config/*.toml)
foreach(config IN LISTS lobby_example_configs)
  get_filename_component(name ${config} NAME)
  install(FILES ${config} DESTINATION /etc/lobby-kiosk)
  list(APPEND lobby_conffiles /etc/lobby-kiosk/${name})
endforeach()
list(JOIN lobby_conffiles "\n" lobby_conffiles_text)
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/debian/conffiles "${lobby_conffiles_text}\n")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME lobby-kiosk)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Lobby Kiosk maintainers <lobby-kiosk@example.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Reception kiosk for sales-office lobbies, its lobby board and HQ server")
set(CPACK_PACKAGE_DESCRIPTION
    "The customer's touch screen (kiosk run), the lobby board (kiosk display), the reference\n\
headquarters server (kiosk-hq), their systemd units and example settings.")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Added to what dpkg-shlibdeps finds: the CJK font is looked up through fontconfig at run time,
# and espeak-ng (loaded by the board when it speaks, so not found by shlibdeps) with its voices.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, fontconfig, fonts-noto-cjk, libespeak-ng1, espeak-ng-data")
# cage shows the screens on a kiosk; HQ's machine needs neither it nor a display.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "cage")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "nginx")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_CURRENT_SOURCE_DIR}/deploy/debian/postinst ${CMAKE_CURRENT_SOURCE_DIR}/deploy/debian/prerm
    ${CMAKE_CURRENT_SOURCE_DIR}/deploy/debian/postrm ${CMAKE_CURRENT_BINARY_DIR}/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
