"""Start hub_app for a person trying it: create the database the first time, then serve.

python run.py            # http://127.0.0.1:5000
python run.py --demo     # also load the demo data into an empty database
"""

from __future__ import annotations

import argparse
import os

from hub_app import create_app
from hub_app.cli import ensure_first_admin, init_database


def main() -> None:
    parser = argparse.ArgumentParser(description="hub_app を起動します")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 5000)))
    parser.add_argument(
        "--demo", action="store_true", help="デモデータを入れる(空のデータベースのみ)"
    )
    args = parser.parse_args()

    app = create_app()
    with app.app_context():
        init_database()
        first = ensure_first_admin()
        if args.demo:
            try:
                from hub_app.demo import load_demo_data
            except ImportError:
                print("デモデータはこの版にはありません。空のデータベースで起動します。")
            else:
                print(load_demo_data())
    if first:
        print("=" * 60)
        print("最初の管理者を作成しました。この表示は一度だけです。")
        print(f"  メールアドレス: {first[0]}")
        print(f"  パスワード:     {first[1]}")
        if mfa_required_for_admins(app):
            print("最初のサインインで二要素認証(認証アプリ)の設定を求められます。")
            print("スマートフォンなしで試すには: MFA_REQUIRED_ROLES= python3 run.py")
        print("=" * 60)
    print(f"hub_app: http://{args.host}:{args.port}/ をブラウザで開いてください。")
    app.run(host=args.host, port=args.port, debug=False)


def mfa_required_for_admins(app) -> bool:
    roles = app.config.get("MFA_REQUIRED_ROLES") or ""
    return "admin" in [role.strip() for role in roles.split(",")]


if __name__ == "__main__":
    main()
