//! Chinese family names: every typed name of a person in a dossier opens with one, and what
//! OCR makes of a handwritten signature mostly does not. The set is the 百家姓's single
//! names with the common modern ones it lacks (肖, 付, 闫, 覃, …), and its compound names.

/// Single-character family names.
const SINGLE: &str = concat!(
    // 百家姓, single names.
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章",
    "云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常",
    "乐于时傅皮卞齐康伍余元卜顾孟平黄和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞",
    "熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍",
    "虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁",
    "荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫",
    "宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙",
    "池乔阴胥能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍却璩桑桂濮牛寿通边扈燕冀郏浦尚农",
    "温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东",
    "欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋沙乜养鞠须丰巢关蒯相查后荆红",
    "游竺权逯盖益桓公晋楚闫法汝鄢涂钦岳帅缑亢况郈有琴商牟佘佴伯赏墨哈谯笪年爱阳佟言福",
    // Common today, missing above (or there only in their old forms).
    "肖付代覃冼揭粟邝练兰占麦母降逢仝檀蹇敬种伞门战植展招续银靖",
);

/// Compound family names.
const COMPOUND: [&str; 40] = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "宇文", "长孙", "司徒",
    "司空", "夏侯", "轩辕", "呼延", "端木", "独孤", "南宫", "西门", "申屠", "澹台", "拓跋", "淳于", "单于",
    "鲜于", "赫连", "钟离", "闻人", "万俟", "太叔", "仲孙", "公羊", "公冶", "宗政", "濮阳", "百里", "第五",
    "左丘",
];

/// Whether `name` opens with a family name.
pub fn opens_with_surname(name: &str) -> bool {
    let Some(first) = name.chars().next() else {
        return false;
    };
    SINGLE.contains(first) || COMPOUND.iter().any(|c| name.starts_with(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_open_with_a_family_name_and_read_scrawls_mostly_do_not() {
        for name in ["张三", "肖健宁", "欧阳明", "上官婉", "闫文波", "覃海"] {
            assert!(opens_with_surname(name), "{name}");
        }
        // What OCR read of officers' signatures beside their typed names (seed 2074 s030
        // p12, s002 p14).
        for scrawl in ["欠思", "要小", "人N久", ""] {
            assert!(!opens_with_surname(scrawl), "{scrawl}");
        }
    }
}
