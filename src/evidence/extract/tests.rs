use crate::evidence::{DateRole, Evidence, FactKind, Origin, SourcedLine};
use crate::policy::Limits;

fn lines(texts: &[&str]) -> Vec<SourcedLine> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| SourcedLine {
            text: t.to_string(),
            origin: Origin::PdfText,
            page: 1,
            line: i as u32 + 1,
            signed: true,
        })
        .collect()
}

fn facts(texts: &[&str]) -> Vec<(FactKind, String)> {
    Evidence::from_lines(&lines(texts))
        .facts
        .into_iter()
        .map(|f| (f.kind, f.value))
        .collect()
}

fn of(texts: &[&str], kind: FactKind) -> Vec<String> {
    facts(texts)
        .into_iter()
        .filter(|(k, _)| *k == kind)
        .map(|(_, v)| v)
        .collect()
}

#[test]
fn labelled_names_on_the_line_or_the_next() {
    let names = |t: &[&str]| of(t, FactKind::PersonName);
    assert_eq!(names(&["姓名：张三 性别：男"]), ["张三"]);
    assert_eq!(names(&["姓 名 张 三 性 别 男"]), ["张三"]);
    assert_eq!(names(&["姓名张三性别男民族汉"]), ["张三"]);
    assert_eq!(names(&["姓名:", "李四"]), ["李四"]);
    assert_eq!(names(&["死者姓名：王五"]), ["王五"]);
    // Compared without the middle dot (normalize_name).
    assert_eq!(names(&["姓名：阿卜杜拉·买买提"]), ["阿卜杜拉买买提"]);
    assert_eq!(names(&["姓名：JOHN SMITH"]), ["JOHNSMITH"]);
    // Full-width colon and letters.
    assert_eq!(names(&["姓名：ＡＮＮＡ"]), ["ANNA"]);
    // Not a name: a signature line, an empty label, a long run.
    assert!(names(&["本人签名：", "（签字）"]).is_empty());
    assert!(names(&["姓名：本人签字"]).is_empty());
    assert!(names(&["姓名：社会保险经办机构审核意见栏"]).is_empty());
    // A header row: another label where the name would be.
    assert!(names(&["姓名 身份证号 联系电话"]).is_empty());
    assert!(names(&["姓名 出生日期 性别"]).is_empty());
    // Short labels need a colon.
    assert_eq!(names(&["申请人：赵六"]), ["赵六"]);
    assert_eq!(names(&["死者：于小明"]), ["于小明"]);
    assert!(names(&["死者家属签字"]).is_empty());
    assert!(names(&["申请人签章"]).is_empty());
    // Label on one page, value on the next: not joined.
    let mut split = lines(&["姓名：", "张三"]);
    split[1].page = 2;
    assert!(Evidence::from_lines(&split).names().next().is_none());
}

#[test]
fn certified_names() {
    let names = |t: &[&str]| of(t, FactKind::PersonName);
    assert_eq!(
        names(&["兹证明张三同志于2026年3月5日与我单位解除劳动关系。"]),
        ["张三"]
    );
    assert_eq!(names(&["兹证明我单位职工李四（身份证号…）"]), ["李四"]);
    assert_eq!(names(&["兹证明王小明先生在我院就诊"]), ["王小明"]);
    assert_eq!(names(&["我单位与职工赵六的劳动合同已解除"]), ["赵六"]);
    assert!(names(&["职工社会保险登记"]).is_empty());
    assert!(names(&["兹证明以下情况属实"]).is_empty());
}

#[test]
fn resident_ids_and_their_forms() {
    let ids = |t: &[&str]| of(t, FactKind::ResidentId);
    assert_eq!(
        ids(&["公民身份号码：33010219200403064x"]),
        ["33010219200403064X"]
    );
    // Spaced groups after the label.
    assert_eq!(
        ids(&["身份证号 3210 8319 7812 1621 19"]),
        ["321083197812162119"]
    );
    // 15 digits only with a label, upgraded.
    assert_eq!(
        ids(&["身份证号码：321083781216211"]),
        ["321083197812162119"]
    );
    assert!(ids(&["账号：321083781216211"]).is_empty());
    // The value on the next line.
    assert_eq!(
        ids(&["身份证号码", "321083197812162119"]),
        ["321083197812162119"]
    );
    // A wrong check digit is not an ID number; neither is a longer run of digits.
    assert!(ids(&["身份证号码：321083197812162118"]).is_empty());
    assert!(ids(&["账号6222321083197812162119"]).is_empty());
    // Permits and the 2023 foreign card are ID numbers of the same layout.
    assert_eq!(
        ids(&["证件号码：81000019980902013X"]),
        ["81000019980902013X"]
    );
    assert_eq!(ids(&["932682198501010017"]), ["932682198501010017"]);
    let e = Evidence::from_lines(&lines(&["公民身份号码：321083197812162119"]));
    assert_eq!(
        e.person_ids().next().unwrap().label.as_deref(),
        Some("公民身份号码")
    );
}

#[test]
fn credit_org_and_licence_codes() {
    assert_eq!(
        of(
            &["统一社会信用代码：91310110666007217T"],
            FactKind::CreditCode
        ),
        ["91310110666007217T"]
    );
    assert_eq!(
        of(
            &["统一社会信用代码 9131 0110 6660 0721 7T"],
            FactKind::CreditCode
        ),
        ["91310110666007217T"]
    );
    // Wrong check character: not a fact.
    assert!(of(&["91310110666007217A"], FactKind::CreditCode).is_empty());
    assert_eq!(
        of(&["代码：66600721-7"], FactKind::OrganizationCode),
        ["666007217"]
    );
    assert_eq!(
        of(&["组织机构代码：666007217"], FactKind::OrganizationCode),
        ["666007217"]
    );
    assert!(of(&["666007217"], FactKind::OrganizationCode).is_empty());
    assert!(of(&["66600721-8"], FactKind::OrganizationCode).is_empty());
    let id = "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U";
    assert_eq!(
        of(&[&format!("电子证照标识：{id}")], FactKind::LicenseId),
        [id]
    );
}

#[test]
fn dates_in_every_form() {
    let d = |t: &str| of(&[t], FactKind::Date(DateRole::Other));
    assert_eq!(d("2026年3月5日"), ["2026-03-05"]);
    assert_eq!(d("2026-03-05"), ["2026-03-05"]);
    assert_eq!(d("2026.03.05"), ["2026-03-05"]);
    assert_eq!(d("2026/3/5"), ["2026-03-05"]);
    assert_eq!(d("二〇二六年三月五日"), ["2026-03-05"]);
    assert_eq!(d("二〇二六年十二月三十一日"), ["2026-12-31"]);
    assert_eq!(d("二〇二六年十月二十日"), ["2026-10-20"]);
    assert_eq!(d("2026 年 3 月 5 日"), ["2026-03-05"]);
    // Not dates.
    assert!(d("2026年2月30日").is_empty());
    assert!(d("2026年3月").is_empty());
    assert!(d("12026-03-05").is_empty());
    assert!(d("2026-03-051").is_empty());
    assert!(d("二〇二六年三十二月五日").is_empty());
}

#[test]
fn dates_by_role() {
    let all = |t: &[&str]| -> Vec<(DateRole, String)> {
        facts(t)
            .into_iter()
            .filter_map(|(k, v)| match k {
                FactKind::Date(role) => Some((role, v)),
                _ => None,
            })
            .collect()
    };
    use DateRole::*;
    assert_eq!(
        all(&["签发日期：2026年3月5日"]),
        [(Issue, "2026-03-05".into())]
    );
    assert_eq!(
        all(&["发证日期", "2026.03.05"]),
        [(Issue, "2026-03-05".into())]
    );
    assert_eq!(
        all(&["有效期限：2020.01.01-2030.01.01"]),
        [
            (ValidFrom, "2020-01-01".into()),
            (ValidUntil, "2030-01-01".into())
        ]
    );
    assert_eq!(
        all(&["有效期自2020年1月1日起至2030年1月1日止"]),
        [
            (ValidFrom, "2020-01-01".into()),
            (ValidUntil, "2030-01-01".into())
        ]
    );
    assert_eq!(
        all(&["有效期至2030年1月1日"]),
        [(ValidUntil, "2030-01-01".into())]
    );
    assert_eq!(
        all(&["张三同志于2026年3月5日与我单位解除劳动关系。"]),
        [(Termination, "2026-03-05".into())]
    );
    assert_eq!(
        all(&["解除劳动关系日期：2026-03-05"]),
        [(Termination, "2026-03-05".into())]
    );
    assert_eq!(
        all(&["死亡日期：2026年10月1日"]),
        [(Death, "2026-10-01".into())]
    );
    assert_eq!(
        all(&["于二〇二六年十月一日因病死亡"]),
        [(Death, "2026-10-01".into())]
    );
    assert_eq!(
        all(&["出生日期 1978年12月16日"]),
        [(Birth, "1978-12-16".into())]
    );
    assert_eq!(
        all(&["出生日期：1978-12-16 签发日期：2026-03-05"]),
        [(Birth, "1978-12-16".into()), (Issue, "2026-03-05".into())]
    );
    let e = Evidence::from_lines(&lines(&["死亡日期：2026年10月1日"]));
    let death = e.dates(Death).next().unwrap();
    assert_eq!(death.label.as_deref(), Some("死亡日期"));
    assert_eq!((death.source.page, death.source.line), (1, 1));
    assert!(death.source.signed);
}

#[test]
fn amounts_with_their_labels() {
    let e = Evidence::from_lines(&lines(&[
        "丧葬补助金：12,345.60元 抚恤金 8000 元",
        "合计人民币20345.6元",
    ]));
    let amounts: Vec<(String, Option<String>)> = e
        .of_kind(FactKind::Amount)
        .map(|f| (f.value.clone(), f.label.clone()))
        .collect();
    assert_eq!(
        amounts,
        [
            ("12345.60".into(), Some("丧葬补助金".into())),
            ("8000".into(), Some("抚恤金".into())),
            ("20345.6".into(), Some("合计".into())),
        ]
    );
    assert!(of(&["单位：元"], FactKind::Amount).is_empty());
    let e = Evidence::from_lines(&lines(&[
        "价税合计（大写） 壹万零陆佰圆整 （小写）¥10,600.00",
    ]));
    let amount = e.of_kind(FactKind::Amount).next().unwrap();
    assert_eq!(amount.value, "10600.00");
    assert_eq!(amount.label.as_deref(), Some("小写"));
    assert!(of(&["¥", "¥.5", "￥abc"], FactKind::Amount).is_empty());
}

#[test]
fn facts_are_capped_and_deduplicated() {
    let many: Vec<String> = (1..=28).map(|d| format!("2026年2月{d}日")).collect();
    let refs: Vec<&str> = many.iter().map(String::as_str).collect();
    let e = Evidence::from_lines_bounded(&lines(&refs), 10);
    assert_eq!(e.facts.len(), 10);
    assert!(e.truncated);
    assert!(e.limit_finding().is_some());
    let e = Evidence::from_lines(&lines(&["姓名：张三", "姓名：张三"]));
    assert_eq!(e.names().count(), 1);
    assert!(!e.truncated);
    assert!(e.limit_finding().is_none());
}

#[test]
fn hostile_lines_do_not_panic() {
    let long = "姓名".repeat(10_000) + &"2026年".repeat(5_000) + &"9".repeat(50_000);
    let e = Evidence::from_lines(&lines(&[
        &long,
        "元元元,.,元",
        "二〇二六年十",
        "兹证明",
        "职工",
    ]));
    assert!(e.facts.len() <= Limits::default().max_evidence_facts);
    for cut in 0..40 {
        let s: String = "二〇二六年十二月三十一日有效期2020.01.01-"
            .chars()
            .take(cut)
            .collect();
        let _ = Evidence::from_lines(&lines(&[&s]));
    }
}
